/**
 * `charter review list|show|accept|dismiss|correct|reopen`: the review queue and decisions on the local store
 * (the embedded stack starts on the persisted data, as for `charter query`). Decisions go through the same use
 * case as POST /reviews/{flag}: who, when and why are recorded, and a flag that changed since the revision
 * given with --revision is not overwritten.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { type DecisionKind, decideFlag } from '../../functions/core/reviews/decide-flag.ts';
import {
  FlagConflictError,
  FlagNotFoundError,
  InvalidCursorError,
  InvalidDecisionError,
} from '../../functions/core/reviews/errors.ts';
import { DIVERGENCE_KINDS, isDivergenceKind, parseFlagId } from '../../functions/core/reviews/flag-id.ts';
import { QUEUE_STATUSES } from '../../functions/core/reviews/queue-cursor.ts';
import type { FlagQuery, FlagStatus, ReviewFlag } from '../../functions/core/reviews/types.ts';
import { CliError, command, EXIT, runCommand, usageError, VERSION } from '../command.ts';
import { colourEnabled, formatTable, paint } from '../output.ts';
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
  return withStack({ command: `review ${name}` }, (stack) =>
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
    const flags = await withReviews('list', async (reviews) => {
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
    .option('-b, --by <who>', 'reviewer (default: $CHARTER_REVIEWER or the login name)');
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
    const by = String(options.by ?? process.env.CHARTER_REVIEWER ?? safeUserName());
    const flag = await withReviews(sub, async (reviews, stack) => {
      try {
        return await decideFlag(
          flagId,
          {
            decision: DECISION_OF[sub],
            note: String(options.note),
            by,
            correctedText,
            lang: options.lang === undefined ? undefined : checkLang(String(options.lang)),
            revision,
          },
          { reviews, clauses: stack.editions },
        );
      } catch (error) {
        if (error instanceof FlagNotFoundError) throw new CliError(error.message, EXIT.notFound);
        if (error instanceof InvalidDecisionError || error instanceof InvalidCursorError) {
          throw new CliError(error.message, EXIT.usage);
        }
        if (error instanceof FlagConflictError) throw new CliError(error.message, EXIT.failed);
        throw error;
      }
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

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
