/**
 * An edition's kept versions: `charter edition LANG --versions` lists them, `charter edition promote LANG
 * [--candidate V]` makes a candidate the quality gate held back current, and `charter edition rollback LANG
 * [--to V]` makes an earlier version current again. Both restore the version as the newest one. A promoted
 * first edition (a language with no current version) is a new reference language: the earlier editions it can
 * help are aligned again, as they are when an upload becomes a language's first version.
 */
import { DynamoDbReviewStore } from '../../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { S3BlobStore } from '../../functions/adapters/s3/s3-blob-store.ts';
import { realignEarlierEditions } from '../../functions/core/editions/ingest-edition.ts';
import {
  promoteCandidate,
  RestoreError,
  type RestoreDeps,
  type Restored,
  rollBack,
  versionState,
} from '../../functions/core/editions/restore-version.ts';
import type { EditionRecord, EditionVersion } from '../../functions/core/editions/types.ts';
import { flagRefresh } from '../../functions/handlers/flag-refresh.ts';
import { keepDaysFromEnvironment } from '../../functions/handlers/keep-days.ts';
import { CliError, command, EXIT, runCommand } from '../command.ts';
import { DEFAULT_CHARTER } from '../config.ts';
import { formatTable } from '../output.ts';
import { checkLang, withStack } from '../session.ts';
import type { Stack } from '../stack.ts';

/** `promote` or `rollback`; returns the exit code. */
export async function run(action: 'promote' | 'rollback', argv: string[]): Promise<number> {
  const program = command(
    `edition ${action}`,
    action === 'promote'
      ? "make a candidate version (held back by the quality gate) the current version; a language's first " +
          'version also aligns again the earlier editions aligned against fewer than three reference languages'
      : 'make an earlier version the current version again',
  )
    .argument('<lang>', 'language code, such as sv')
    .option('-c, --charter <charter>', 'charter id', DEFAULT_CHARTER)
    .option(
      action === 'promote' ? '--candidate <n>' : '--to <n>',
      action === 'promote' ? 'the candidate (default: the newest)' : 'the version (default: the one before)',
    );
  return runCommand(program, argv, async ([langArg], options) => {
    const charter = String(options.charter);
    const lang = checkLang(langArg!);
    const raw = action === 'promote' ? options.candidate : options.to;
    const version = raw === undefined ? undefined : Number(raw);
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) {
      throw new CliError(
        `${action === 'promote' ? '--candidate' : '--to'} must be a version number`,
        EXIT.usage,
      );
    }
    const restored = await withStack({ command: `edition ${action}` }, async (stack) => {
      try {
        const deps = restoreDeps(stack);
        return action === 'promote'
          ? await promoteCandidate(charter, lang, version, deps)
          : await rollBack(charter, lang, version, deps);
      } catch (error) {
        if (error instanceof RestoreError) throw new CliError(error.message, EXIT.notFound);
        throw error;
      }
    });
    if (options.json) process.stdout.write(`${JSON.stringify({ action, ...restored }, null, 2)}\n`);
    else process.stdout.write(restoredMessage(charter, lang, restored));
    return EXIT.ok;
  });
}

/** What a promotion or rollback did, in a line per change. */
export function restoredMessage(charter: string, lang: string, restored: Restored): string {
  const state = restored.firstOfLanguage
    ? `is now current (the first version of ${lang})`
    : 'is current again';
  const lines = [
    `${charter} / ${lang}: version ${restored.from} (${restored.sourceKey}) ${state} as version ` +
      `${restored.version}, ${restored.clauseCount} clauses`,
    ...(restored.realigned ?? []).map(
      (r) =>
        `${charter} / ${r.lang}: aligned again with ${lang} as a reference: ${r.status}` +
        `${r.version === undefined ? '' : `, version ${r.version}`}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** The kept versions of an edition as JSON rows, newest first. */
export function versionRows(versions: EditionVersion[], edition: EditionRecord | null) {
  return versions.map((v) => ({
    version: v.version,
    state: versionState(v, edition),
    sourceKey: v.sourceKey,
    clauseCount: v.clauseCount,
    meanConfidence: v.meanConfidence,
    meanQuality: v.meanQuality ?? null,
    ...(v.reasons?.length ? { reasons: v.reasons } : {}),
    ...(v.restoredFrom ? { restoredFrom: v.restoredFrom } : {}),
    decidedAt: v.decidedAt,
    /** Null while the version is current: it is kept as long as it is. */
    restorableUntil: v.restorableUntil ?? null,
  }));
}

/** The kept versions as a table, with each candidate's reasons below it. */
export function renderVersions(versions: EditionVersion[], edition: EditionRecord | null): string {
  const rows = versionRows(versions, edition);
  if (!rows.length) return 'no kept versions (editions stored before versions were kept have none)';
  const table = formatTable([
    ['version', 'state', 'clauses', 'confidence', 'quality', 'restorable until', 'upload'],
    ...rows.map((r) => [
      `v${r.version}${r.restoredFrom ? ` (from v${r.restoredFrom})` : ''}`,
      r.state,
      String(r.clauseCount),
      r.meanConfidence.toFixed(3),
      typeof r.meanQuality === 'number' ? r.meanQuality.toFixed(3) : '--',
      r.state === 'current' || !r.restorableUntil
        ? 'while current'
        : `${r.restorableUntil.slice(0, 16).replace('T', ' ')} UTC`,
      r.sourceKey,
    ]),
  ]);
  const reasons = rows.flatMap((r) =>
    (r.reasons ?? []).map((reason) => `v${r.version} held back: ${reason}`),
  );
  return [table, ...reasons].join('\n');
}

function restoreDeps(stack: Stack): RestoreDeps {
  const reviews = new DynamoDbReviewStore(stack.dynamodb, stack.table);
  return {
    blobs: new S3BlobStore(stack.s3, stack.bucket),
    editions: stack.editions,
    afterAligned: flagRefresh(stack.editions, reviews),
    // The ingest function's own wiring (this stack's, from the environment), as an upload's realignment runs.
    realignEarlier: async (charter, lang) => {
      const { depsFromEnvironment } = await import('../../functions/handlers/deps.ts');
      return realignEarlierEditions(charter, lang, depsFromEnvironment());
    },
    keepDays: keepDaysFromEnvironment(),
  };
}
