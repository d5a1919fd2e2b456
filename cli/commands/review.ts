/**
 * `charter review list|show|accept|dismiss|correct|reopen`: the review queue and decisions (the embedded stack
 * starts on the persisted data, as for `charter query`). Decisions are POSTs to the review API (cli/review-api.ts):
 * in-process as the local user on the local stack, to the deployed API with the signed-in user's token on AWS,
 * where list and show read through the API too. Who, when and why are recorded, and a flag that changed since
 * the revision given with --revision is not overwritten.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import type { DecisionKind } from '../../functions/core/reviews/decide-flag.ts';
import { DIVERGENCE_KINDS, isDivergenceKind, parseFlagId } from '../../functions/core/reviews/flag-id.ts';
import { QUEUE_STATUSES } from '../../functions/core/reviews/queue-cursor.ts';
import type { FlagQuery, FlagStatus, ReviewFlag } from '../../functions/core/reviews/types.ts';
import { CliError, command, EXIT, runCommand, usageError, VERSION } from '../command.ts';
import { colourEnabled, formatTable, paint } from '../output.ts';
import { apiFailure, type ReviewApiCall, reviewApi, usesDeployedApi } from '../review-api.ts';
import { checkLang, withStack } from '../session.ts';
import type { Stack } from '../stack.ts';

const SUBCOMMANDS = ['list', 'show', 'accept', 'dismiss', 'correct', 'reopen'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

const USAGE = [
  'usage: charter review <list|show|accept|dismiss|correct|reopen> ...',
  '  list [--status S] [--charter C] [--lang L] [--kind K] [--json]   the flags (every status unless --status)',
  '  show FLAG_ID [--json]                                           a flag, its evidence, history and clause',
  '  accept FLAG_ID --note WHY [--by WHO] [--revision N] [--json]    a real divergence, kept with a note',
  '  dismiss FLAG_ID --note WHY [--by WHO] [--revision N] [--json]   a false alarm',
  '  correct FLAG_ID --note WHY (--text T | --text-file F) [--lang L] [--by WHO] [--revision N] [--json]',
  '  reopen FLAG_ID --note WHY [--by WHO] [--json]                   back to the open queue',
].join('\n');

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(`${USAGE}\n  (charter review <subcommand> --help for its options)\n`);
    return EXIT.ok;
  }
  if (sub === '--version' || sub === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub)) {
    process.stderr.write(`${USAGE}\n`);
    return usageError('review', sub ? `unknown subcommand "${sub}"` : 'say what to do', argv);
  }
  if (sub === 'list') return list(rest);
  if (sub === 'show') return show(rest);
  return decide(sub as Exclude<Subcommand, 'list' | 'show'>, rest);
}

/** Runs `work` with the review store of the configured stack. */
function withReviews<T>(name: string, work: (reviews: DynamoDbReviewStore, stack: Stack) => Promise<T>) {
  return withStack({ command: `review ${name}`, apiOnly: usesDeployedApi() }, (stack) =>
    work(new DynamoDbReviewStore(stack.dynamodb, stack.table), stack),
  );
}

/** The flag as `review list --json` prints it. */
function listed(flag: ReviewFlag) {
  return {
    id: flag.id,
    charter: flag.charter,
    clause: flag.clause,
    langs: flag.langs,
    kind: flag.kind,
    severity: flag.severity,
    evidence: flag.evidence,
    status: flag.status,
  };
}

async function list(argv: string[]): Promise<number> {
  const program = command('review list', 'list review flags, severity first (every status unless --status)')
    .option('-s, --status <status>', `one of ${QUEUE_STATUSES.join(', ')}`)
    .option('-c, --charter <charter>', 'only this charter')
    .option('-l, --lang <lang>', 'only flags naming this language')
    .option('-k, --kind <kind>', `one of ${DIVERGENCE_KINDS.join(', ')}`);
  return runCommand(program, argv, async (_args, options) => {
    const query: Omit<FlagQuery, 'cursor' | 'limit'> = {};
    if (options.status !== undefined) {
      const status = String(options.status);
      if (!(QUEUE_STATUSES as readonly string[]).includes(status)) {
        throw new CliError(`--status must be one of ${QUEUE_STATUSES.join(', ')}`, EXIT.usage);
      }
      query.status = status as FlagStatus;
    }
    if (options.kind !== undefined) {
      const kind = String(options.kind);
      if (!isDivergenceKind(kind))
        throw new CliError(`--kind must be one of ${DIVERGENCE_KINDS.join(', ')}`, EXIT.usage);
      query.kind = kind;
    }
    if (options.lang !== undefined) query.lang = checkLang(String(options.lang));
    if (options.charter !== undefined) query.charter = String(options.charter);
    const flags = await withReviews('list', async (reviews, stack) => {
      if (usesDeployedApi()) return listThroughApi(await reviewApi(stack), query);
      const all: ReviewFlag[] = [];
      let cursor: string | undefined;
      do {
        const page = await reviews.queryFlags({ ...query, limit: 200, cursor });
        all.push(...page.flags);
        cursor = page.cursor ?? undefined;
      } while (cursor);
      return all;
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(flags.map(listed), null, 2)}\n`);
      return EXIT.ok;
    }
    const p = paint(colourEnabled(process.stdout));
    if (flags.length === 0) {
      process.stdout.write('no flags\n');
      return EXIT.ok;
    }
    const severity = { high: p.red, medium: p.yellow, low: p.dim };
    const rows = flags.map((f) => [
      severity[f.severity](f.severity),
      f.status === 'open' ? p.bold(f.status) : f.status,
      f.id,
      f.reason,
    ]);
    process.stdout.write(`${formatTable(rows)}\n${p.dim(`${flags.length} flag(s)`)}\n`);
    return EXIT.ok;
  });
}

async function show(argv: string[]): Promise<number> {
  const program = command(
    'review show',
    'show a flag, its evidence and history, and its clause in every language',
  ).argument('<flag-id>', 'charter:clause:kind:langs, as `review list` prints it');
  return runCommand(program, argv, async ([id], options) => {
    const flagId = checkFlagId(id!);
    const { flag, languages } = await withReviews('show', async (reviews, stack) => {
      if (usesDeployedApi()) return showThroughApi(await reviewApi(stack), flagId);
      const flag = await reviews.getFlag(flagId);
      if (!flag) throw new CliError(`no flag ${flagId} (charter review list shows the flags)`, EXIT.notFound);
      const [records, reviewed] = await Promise.all([
        stack.editions.getClause(flag.charter, flag.clause),
        reviews.getReviewedClauses(flag.charter, flag.clause),
      ]);
      const languages: Record<string, { text: string; confidence: number; reviewed?: string }> = {};
      for (const r of records) languages[r.lang] = { text: r.text, confidence: r.confidence };
      for (const r of reviewed)
        languages[r.lang] = { ...(languages[r.lang] ?? { text: '', confidence: 0 }), reviewed: r.text };
      return { flag, languages };
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ flag, languages }, null, 2)}\n`);
      return EXIT.ok;
    }
    const p = paint(colourEnabled(process.stdout));
    const out = (line = '') => process.stdout.write(`${line}\n`);
    out(
      `${p.bold(flag.id)}  ${flag.severity}, ${p.bold(flag.status)}${flag.resolvedAt ? p.dim(' (no longer detected)') : ''}`,
    );
    out(flag.reason);
    if (flag.evidence.actual.length) out(`  here: ${flag.evidence.actual.join(' | ')}`);
    if (flag.evidence.expected.length) {
      out(
        `  in ${flag.evidence.comparedWith.join(', ') || 'the others'}: ${flag.evidence.expected.join(' | ')}`,
      );
    }
    if (flag.evidence.score)
      out(`  measured ${flag.evidence.score.value} against a limit of ${flag.evidence.score.limit}`);
    out();
    const rows = Object.entries(languages)
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([lang, v]) => [
        [flag.langs.includes(lang) ? p.bold(`${lang} *`) : lang, v.text || p.dim('(no text)')],
        ...(v.reviewed ? [[p.dim(`${lang} reviewed`), v.reviewed]] : []),
      ]);
    for (const lang of flag.langs)
      if (!languages[lang]) rows.push([p.bold(`${lang} *`), p.dim('(no text in this edition)')]);
    out(formatTable(rows));
    if (flag.history.length) {
      out();
      for (const h of flag.history) out(p.dim(`${h.at}  ${h.status} by ${h.by}: ${h.note}`));
    }
    return EXIT.ok;
  });
}

const DECISION_OF: Record<Exclude<Subcommand, 'list' | 'show'>, DecisionKind> = {
  accept: 'accept',
  dismiss: 'dismiss',
  correct: 'correct',
  reopen: 'reopen',
};

async function decide(sub: Exclude<Subcommand, 'list' | 'show'>, argv: string[]): Promise<number> {
  let program: Command = command(`review ${sub}`, `${sub} a flag, with a note saying why`)
    .argument('<flag-id>', 'charter:clause:kind:langs, as `review list` prints it')
    .requiredOption('-n, --note <note>', 'why (recorded with the decision)')
    .option(
      '-b, --by <who>',
      'your name as the local user (local stack only; default $CHARTER_REVIEWER or the login name; on AWS the token says who)',
    );
  if (sub !== 'reopen')
    program = program.option('-r, --revision <n>', 'the revision you looked at: fail if it changed');
  if (sub === 'correct') {
    program = program
      .option('-t, --text <text>', 'the corrected clause text')
      .option('-f, --text-file <file>', 'read the corrected clause text from a file')
      .option('-l, --lang <lang>', 'which edition the text corrects (when the flag names several)');
  }
  return runCommand(program, argv, async ([id], options) => {
    const flagId = checkFlagId(id!);
    let correctedText: string | undefined;
    if (sub === 'correct') {
      if ((options.text === undefined) === (options.textFile === undefined)) {
        throw new CliError('give the corrected text with --text or --text-file (one of them)', EXIT.usage);
      }
      correctedText = options.text !== undefined ? String(options.text) : readText(String(options.textFile));
    }
    let revision: number | undefined;
    if (options.revision !== undefined) {
      revision = Number(options.revision);
      if (!Number.isInteger(revision) || revision < 1)
        throw new CliError('--revision must be a whole number ≥ 1', EXIT.usage);
    }
    // Through the review API (in-process as the local user, or the deployed API with a token on AWS), so
    // its access rules hold: the reviewer recorded is the caller's identity.
    const flag = await withStack({ command: `review ${sub}`, apiOnly: usesDeployedApi() }, async (stack) => {
      const call = await reviewApi(stack, { by: options.by === undefined ? undefined : String(options.by) });
      const { status, body } = await call('POST', `/reviews/${encodeURIComponent(flagId)}`, {
        decision: DECISION_OF[sub],
        note: String(options.note),
        correctedText,
        lang: options.lang === undefined ? undefined : checkLang(String(options.lang)),
        revision,
      });
      const failure = apiFailure(status, body);
      if (failure) throw failure;
      return (body as { flag: ReviewFlag }).flag;
    });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(flag, null, 2)}\n`);
      return EXIT.ok;
    }
    const last = flag.history.at(-1)!;
    process.stdout.write(
      `${flag.id}: ${flag.status} (revision ${flag.revision}) by ${last.by}: ${last.note}\n`,
    );
    return EXIT.ok;
  });
}

function checkFlagId(id: string): string {
  if (!parseFlagId(id)) {
    throw new CliError(
      `"${id}" is not a flag id (charter:clause:kind:lang+lang, as review list prints)`,
      EXIT.usage,
    );
  }
  return id;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
}

/** Every flag of the query, page by page, from the review API (on AWS). */
async function listThroughApi(call: ReviewApiCall, query: Omit<FlagQuery, 'cursor' | 'limit'>) {
  const all: ReviewFlag[] = [];
  let cursor: string | undefined;
  do {
    const params = new URLSearchParams({ ...(query as Record<string, string>), limit: '200' });
    if (cursor) params.set('cursor', cursor);
    const { status, body } = await call('GET', `/reviews?${params}`);
    const failure = apiFailure(status, body);
    if (failure) throw failure;
    const page = body as { flags: ReviewFlag[]; cursor?: string | null };
    all.push(...page.flags);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return all;
}

/** A flag and its clause's texts from the review API (on AWS). */
async function showThroughApi(call: ReviewApiCall, flagId: string) {
  const flagResponse = await call('GET', `/reviews/${encodeURIComponent(flagId)}`);
  const failure = apiFailure(flagResponse.status, flagResponse.body);
  if (failure) throw failure;
  const { flag } = flagResponse.body as { flag: ReviewFlag };
  const clause = await call(
    'GET',
    `/charters/${encodeURIComponent(flag.charter)}/clauses/${encodeURIComponent(flag.clause)}`,
  );
  const languages: Record<string, { text: string; confidence: number; reviewed?: string }> = {};
  if (clause.status === 200) {
    const body = clause.body as {
      languages: Record<string, { text: string; confidence: number }>;
      reviewed?: Record<string, { text: string }>;
    };
    for (const [lang, v] of Object.entries(body.languages))
      languages[lang] = { text: v.text, confidence: v.confidence };
    for (const [lang, r] of Object.entries(body.reviewed ?? {}))
      languages[lang] = { ...(languages[lang] ?? { text: '', confidence: 0 }), reviewed: r.text };
  }
  return { flag, languages };
}
