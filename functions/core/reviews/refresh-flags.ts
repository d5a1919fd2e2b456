import { FlagConflictError } from './errors.ts';
import { type ClauseTexts, findingFingerprint } from './fingerprint.ts';
import { flagId, sortedLangs } from './flag-id.ts';
import type { DivergenceFinding, ReviewFlag, ReviewStore } from './types.ts';

/** Who the workflow's own history entries are by. */
export const SYSTEM_REVIEWER = 'charter-align';

/** What a refresh does to the stored flags of a charter. */
export interface FlagRefreshPlan {
  /** New or changed flags, with the revision they must still have when written (null: new). */
  put: Array<{ flag: ReviewFlag; expectedRevision: number | null }>;
  counts: {
    created: number;
    updated: number;
    reopened: number;
    /** Flags whose finding is gone: open ones closed as `resolved`, decided ones marked `resolvedAt`. */
    resolved: number;
    kept: number;
  };
}

/** Inputs of {@link planFlagRefresh}. */
export interface RefreshInput {
  charter: string;
  findings: readonly DivergenceFinding[];
  /** Stored flags of the charter. */
  existing: readonly ReviewFlag[];
  /** Current clause texts of the charter (lang -> clause -> text). */
  texts: ClauseTexts;
  /** Canonical position of each clause id. */
  order: ReadonlyMap<string, number>;
  now: string;
  /**
   * Corrections in force: `<clause>\u0000<lang>` -> the id of the flag whose correction is served. A corrected
   * flag whose correction is served is not reopened by the text change its own correction made.
   */
  correctionsInForce?: ReadonlyMap<string, string>;
  /** The ingest this refresh follows: named on the history entry of a flag it resolves. */
  cause?: { lang: string; version: number };
  /** The history note of a flag this refresh closes, when not the default "no longer detected ...". */
  resolveNote?: (flag: ReviewFlag) => string | undefined;
}

/**
 * Plans the flags of a charter from a fresh run of the detector. No flag is ever deleted:
 * - a new finding opens a flag;
 * - a finding already flagged keeps its decision while its fingerprint (flagged clause texts + evidence) is
 *   unchanged, and is reopened (history entry `reopened`) when it changed, unless the change is the flag's own
 *   correction, now served as the clause's text;
 * - a stored flag whose finding is gone gets a `resolved` history entry naming the ingest (`resolvedAt`,
 *   `resolvedBy`): an open one is closed with status `resolved`, a decided one keeps its decision;
 * - a finding that comes back reopens a flag closed as `resolved`, and keeps the decision of a decided one if
 *   its fingerprint is unchanged.
 */
export function planFlagRefresh(input: RefreshInput): FlagRefreshPlan {
  const plan: FlagRefreshPlan = {
    put: [],
    counts: { created: 0, updated: 0, reopened: 0, resolved: 0, kept: 0 },
  };
  const existing = new Map(input.existing.map((flag) => [flag.id, flag]));
  const seen = new Set<string>();
  for (const finding of mergeDuplicates(input.findings)) {
    if (finding.charter !== input.charter) {
      throw new TypeError(`finding of charter ${finding.charter} in a refresh of ${input.charter}`);
    }
    const id = flagId(finding);
    seen.add(id);
    const textHash = findingFingerprint(finding, input.texts);
    const fields = {
      charter: finding.charter,
      clause: finding.clause,
      langs: sortedLangs(finding.langs),
      kind: finding.kind,
      severity: finding.severity,
      reason: finding.reason,
      evidence: finding.evidence,
      order: input.order.get(finding.clause) ?? 99999,
      textHash,
    };
    const before = existing.get(id);
    if (!before) {
      plan.put.push({
        flag: {
          id,
          ...fields,
          status: 'open',
          history: [],
          createdAt: input.now,
          updatedAt: input.now,
          revision: 1,
        },
        expectedRevision: null,
      });
      plan.counts.created++;
      continue;
    }
    const back = before.status === 'resolved';
    const reopen =
      back ||
      (before.status !== 'open' && before.textHash !== textHash && !ownCorrectionServed(before, input));
    const next: ReviewFlag = { ...before, ...fields, updatedAt: input.now, revision: before.revision + 1 };
    delete next.resolvedAt;
    delete next.resolvedBy;
    if (reopen) {
      next.status = 'open';
      next.history = [
        ...before.history,
        {
          status: 'reopened',
          by: SYSTEM_REVIEWER,
          at: input.now,
          note: back ? `detected again${causeText(input)}` : 'the clause text changed since the decision',
        },
      ];
      plan.counts.reopened++;
    } else if (sameContent(before, next)) {
      plan.counts.kept++;
      continue;
    } else {
      plan.counts.updated++;
    }
    plan.put.push({ flag: next, expectedRevision: before.revision });
  }
  for (const flag of input.existing) {
    if (seen.has(flag.id)) continue;
    if (flag.resolvedAt || flag.status === 'resolved') {
      plan.counts.kept++;
      continue;
    }
    plan.put.push({
      flag: {
        ...flag,
        status: flag.status === 'open' ? 'resolved' : flag.status,
        resolvedAt: input.now,
        ...(input.cause ? { resolvedBy: input.cause } : {}),
        updatedAt: input.now,
        revision: flag.revision + 1,
        history: [
          ...flag.history,
          {
            status: 'resolved',
            by: SYSTEM_REVIEWER,
            at: input.now,
            note: input.resolveNote?.(flag) ?? `no longer detected${causeText(input)}`,
          },
        ],
      },
      expectedRevision: flag.revision,
    });
    plan.counts.resolved++;
  }
  return plan;
}

function causeText(input: RefreshInput): string {
  return input.cause ? ` after ${input.cause.lang} version ${input.cause.version}` : '';
}

/** Is the text change under a corrected flag its own correction, served as the clause's text? */
function ownCorrectionServed(flag: ReviewFlag, input: RefreshInput): boolean {
  if (flag.status !== 'corrected' || !input.correctionsInForce) return false;
  return flag.langs.some((lang) => input.correctionsInForce!.get(`${flag.clause}\u0000${lang}`) === flag.id);
}

/** Two findings with one id (the detector reporting one divergence twice) become one: the more severe wins. */
function mergeDuplicates(findings: readonly DivergenceFinding[]): DivergenceFinding[] {
  const rank = { high: 0, medium: 1, low: 2 } as const;
  const byId = new Map<string, DivergenceFinding>();
  for (const finding of findings) {
    const id = flagId(finding);
    const other = byId.get(id);
    if (!other || rank[finding.severity] < rank[other.severity]) byId.set(id, finding);
  }
  return [...byId.values()];
}

function sameContent(a: ReviewFlag, b: ReviewFlag): boolean {
  const pick = (f: ReviewFlag) =>
    JSON.stringify([
      f.severity,
      f.reason,
      f.evidence,
      f.order,
      f.textHash,
      f.status,
      f.resolvedAt ?? null,
      f.resolvedBy ?? null,
    ]);
  return pick(a) === pick(b);
}

/** What the refresh use case needs. */
export interface RefreshDeps {
  reviews: ReviewStore;
  now?: () => Date;
  /** Attempts per flag when a reviewer writes it meanwhile. */
  attempts?: number;
  /** Flag writes in flight at once (default 8). */
  concurrency?: number;
}

/**
 * Refreshes the stored flags of a charter from the detector's findings (see {@link planFlagRefresh}). A flag a
 * reviewer decided while the refresh ran is planned again from what is stored now, so no decision is lost.
 */
export async function refreshCharterFlags(
  input: Omit<RefreshInput, 'existing' | 'now'>,
  deps: RefreshDeps,
): Promise<FlagRefreshPlan['counts']> {
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const attempts = deps.attempts ?? 3;
  await deps.reviews.registerCharter(input.charter);
  const plan = planFlagRefresh({
    ...input,
    existing: await deps.reviews.listCharterFlags(input.charter),
    now,
  });
  const retry = async (id: string, write: () => Promise<void>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (!(error instanceof FlagConflictError) || attempt >= attempts) throw error;
      }
      // Re-plan this one flag from what is stored now.
      const stored = await deps.reviews.getFlag(id);
      const again = planFlagRefresh({
        ...input,
        findings: input.findings.filter((f) => flagId(f) === id),
        existing: stored ? [stored] : [],
        now,
      });
      const put = again.put[0];
      write = put ? () => deps.reviews.putFlag(put.flag, put.expectedRevision) : async () => {};
    }
  };
  // Flags are independent items: write a few at a time.
  await eachLimited(plan.put, deps.concurrency ?? 8, ({ flag, expectedRevision }) =>
    retry(flag.id, () => deps.reviews.putFlag(flag, expectedRevision)),
  );
  return plan.counts;
}

async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}
