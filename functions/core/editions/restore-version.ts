/**
 * Promotion and rollback: a kept version (a candidate the quality gate held back, or an earlier current version)
 * becomes the edition's current version again. Its clauses are rebuilt from its alignment report in the blob
 * store and saved as a new, newest version, so readers switch with the one pointer move every version makes.
 */
import { EditionError } from './errors.ts';
import { clauseRecord, type Realignment, type ReportedClause } from './ingest-edition.ts';
import { uploadOrder } from './quality-gate.ts';
import type { BlobStore, EditionRecord, EditionResidue, EditionStore, EditionVersion } from './types.ts';
import { isExpired, retireEarlierVersions } from './version-expiry.ts';

/** What a restore needs. */
export interface RestoreDeps {
  blobs: BlobStore;
  editions: EditionStore;
  now?: () => Date;
  keepDays?: number;
  /**
   * Runs after the restored version became current (flag refresh); `firstOfLanguage` when the language had no
   * current version before (a held-back first edition promoted), as {@link RestoreDeps.realignEarlier} runs then.
   */
  afterAligned?: (edition: EditionRecord, restored: { firstOfLanguage: boolean }) => Promise<void>;
  /**
   * Runs when the restored version is the language's first current version, as an upload that becomes a
   * language's first version does: aligns again the earlier editions the new reference language can help
   * (ingest-edition.ts `realignEarlierEditions`). Absent where the aligner is not at hand (the API Lambda, which
   * asks the ingest function instead through `afterAligned`).
   */
  realignEarlier?: (charter: string, lang: string) => Promise<Realignment[]>;
}

/**
 * The version asked for cannot be restored: unknown or expired, or (`conflict`) not a candidate or already
 * the current version.
 */
export class RestoreError extends EditionError {
  constructor(
    message: string,
    readonly conflict = false,
  ) {
    super(message);
  }
}

/** What a restore did. */
export interface Restored {
  charter: string;
  lang: string;
  /** The new current version. */
  version: number;
  /** The kept version it restores. */
  from: number;
  sourceKey: string;
  clauseCount: number;
  /** True when the language had no current version before: the restored version is its first. */
  firstOfLanguage: boolean;
  /** The earlier editions aligned again with the new language as a reference (see `realignEarlier`). */
  realigned?: Realignment[];
}

/** Makes candidate `version` the current version (`charter edition promote`). */
export async function promoteCandidate(
  charter: string,
  lang: string,
  version: number | undefined,
  deps: RestoreDeps,
): Promise<Restored> {
  const edition = await deps.editions.getEdition(charter, lang);
  const wanted = version ?? edition?.candidate?.version;
  if (wanted === undefined)
    throw new RestoreError(`the ${lang} edition of ${charter} has no candidate to promote`);
  const kept = await keptVersion(charter, lang, wanted, deps);
  if (kept.decision !== 'candidate') {
    throw new RestoreError(
      `version ${wanted} of ${charter}/${lang} is not a candidate (rollback restores it)`,
      true,
    );
  }
  return restore(kept, edition, deps);
}

/**
 * Makes an earlier current version current again (`charter edition rollback`): `version`, or by default the
 * newest earlier version from another upload than the current one.
 */
export async function rollBack(
  charter: string,
  lang: string,
  version: number | undefined,
  deps: RestoreDeps,
): Promise<Restored> {
  const edition = await deps.editions.getEdition(charter, lang);
  if (!edition?.version) throw new RestoreError(`the ${lang} edition of ${charter} has no current version`);
  const versions = await deps.editions.listVersions(charter, lang);
  const target =
    version === undefined
      ? versions.find(
          (v) =>
            v.decision === 'aligned' &&
            v.version < edition.version &&
            v.sourceEtag !== edition.sourceEtag &&
            isRestorable(v, deps),
        )
      : await keptVersion(charter, lang, version, deps);
  if (!target) throw new RestoreError(`no earlier ${lang} version of ${charter} to roll back to`);
  return restore(target, edition, deps);
}

/** The state of each kept version: current, candidate or previous. */
export function versionState(version: EditionVersion, edition: EditionRecord | null): string {
  if (edition?.version === version.version) return 'current';
  return version.decision === 'candidate' ? 'candidate' : 'previous';
}

function isRestorable(version: EditionVersion, deps: RestoreDeps): boolean {
  const now = (deps.now ?? (() => new Date()))();
  return !isExpired(version, now) && Boolean(version.outputs?.report);
}

async function keptVersion(
  charter: string,
  lang: string,
  version: number,
  deps: RestoreDeps,
): Promise<EditionVersion> {
  const kept = (await deps.editions.listVersions(charter, lang)).find((v) => v.version === version);
  if (!kept) {
    throw new RestoreError(
      `${charter}/${lang} has no kept version ${version} (a replaced version is kept for a set time only)`,
    );
  }
  if (!isRestorable(kept, deps)) {
    throw new RestoreError(
      `version ${version} of ${charter}/${lang} is no longer restorable (kept until ${kept.restorableUntil})`,
    );
  }
  return kept;
}

interface Report {
  clauses: ReportedClause[];
  residue?: EditionResidue[];
}

async function restore(
  kept: EditionVersion,
  current: EditionRecord | null,
  deps: RestoreDeps,
): Promise<Restored> {
  if (current?.version === kept.version) {
    throw new RestoreError(
      `version ${kept.version} of ${kept.charter}/${kept.lang} is the current version`,
      true,
    );
  }
  const now = (deps.now ?? (() => new Date()))();
  const firstOfLanguage = !current || current.version === 0;
  const blob = await deps.blobs.get(kept.outputs!.report);
  const report = JSON.parse(new TextDecoder().decode(blob.bytes)) as Report;
  const version = await deps.editions.nextVersion(kept.charter, kept.lang);
  const clauses = report.clauses.map((c) => clauseRecord(c, kept.charter, kept.lang, version));
  const edition: EditionRecord = {
    charter: kept.charter,
    lang: kept.lang,
    version,
    status: 'aligned',
    sourceKey: kept.sourceKey,
    sourceEtag: kept.sourceEtag,
    // A restore is the newest decision: it orders after every upload made so far.
    sourceOrder: uploadOrder({}, now),
    detectedLang: kept.detectedLang,
    ...(kept.cleaned === undefined ? {} : { cleaned: kept.cleaned, cleanReason: kept.cleanReason ?? null }),
    clauseCount: kept.clauseCount,
    residue: report.residue ?? [],
    changeCount: kept.changeCount,
    meanConfidence: kept.meanConfidence,
    meanQuality: kept.meanQuality ?? null,
    ...(kept.outputs ? { outputs: kept.outputs } : {}),
    ...(kept.referenceLangs ? { referenceLangs: kept.referenceLangs } : {}),
    restoredFrom: kept.version,
    updatedAt: now.toISOString(),
  };
  await deps.editions.saveEdition(edition, clauses);
  const { reasons: _reasons, restorableUntil: _until, expiresAt: _expires, ...record } = kept;
  // The restored version is current: kept while it is; the one it replaced is restorable for keepDays.
  await deps.editions.keepVersion({
    ...record,
    version,
    decision: 'aligned',
    sourceOrder: edition.sourceOrder,
    restoredFrom: kept.version,
    decidedAt: now.toISOString(),
  });
  await retireEarlierVersions(deps.editions, kept.charter, kept.lang, version, now, deps.keepDays);
  await deps.afterAligned?.(
    { ...edition, clauseCount: new Set(clauses.map((c) => c.clauseId)).size },
    { firstOfLanguage },
  );
  const realigned =
    firstOfLanguage && deps.realignEarlier ? await deps.realignEarlier(kept.charter, kept.lang) : [];
  return {
    charter: kept.charter,
    lang: kept.lang,
    version,
    from: kept.version,
    sourceKey: kept.sourceKey,
    clauseCount: edition.clauseCount,
    firstOfLanguage,
    ...(realigned.length ? { realigned } : {}),
  };
}

function _round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
