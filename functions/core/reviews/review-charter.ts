import type { ClauseRecord, EditionStore } from '../editions/types.ts';
import type { CharterStructure } from '../structure/types.ts';
import { candidateFindings, candidateResolutionNote } from './candidate-flags.ts';
import type { ClauseTexts } from './fingerprint.ts';
import { applyCorrections, staleCorrectionFindings } from './record.ts';
import { type RefreshDeps, refreshCharterFlags } from './refresh-flags.ts';
import type { DivergenceFinding, DivergenceKind } from './types.ts';

/** One current edition as the divergence detector takes it (the shape of `DivergenceEdition`). */
export interface DetectorEdition {
  lang: string;
  clauses: Record<
    string,
    { text: string; confidence: number; quality?: number | null; unknownWords?: readonly string[] }
  >;
  residue: Array<string | { text: string; after?: string }>;
  /** Word membership in the language's lexicon, when one is loaded (sharper name checks). */
  isWord?: (word: string) => boolean;
}

/** The divergence detector, thresholds bound: `(input) => detectDivergences(input, thresholds)`. */
export type Detector = (input: {
  structure: CharterStructure;
  editions: DetectorEdition[];
}) => DivergenceFinding[];

/** What {@link reviewCharter} needs. */
export interface ReviewCharterDeps extends RefreshDeps {
  editions: Pick<EditionStore, 'listEditions' | 'listEditionClauses'>;
  structure: (charter: string) => CharterStructure | Promise<CharterStructure>;
  detect: Detector;
  /** The lexicon of a language, when there is one. */
  lexicon?: (lang: string) => Promise<((word: string) => boolean) | undefined>;
}

/** Findings about one edition alone, raised even when the charter has no other edition to compare with. */
const SINGLE_EDITION_KINDS: ReadonlySet<DivergenceKind> = new Set(['low-confidence', 'low-quality']);

/**
 * Runs the detector on every current edition of a charter (one whose current version exists, whatever became
 * of its last upload) and refreshes its review flags: the step
 * after each ingest. The editions are read as the record: reviewers' corrections in force replace the OCR
 * texts, and a correction whose OCR text a re-ingest no longer finds raises a `stale-correction` flag. With
 * fewer than two editions there is nothing to compare: only a single edition's own findings (low confidence,
 * low text quality, stale corrections) are kept, and stale flags are resolved. An upload the quality gate held
 * back raises a `held-back-candidate` flag, closed once the edition no longer holds it (candidate-flags.ts).
 * `cause` names the ingest the
 * refresh follows, on the history of the flags it resolves.
 */
export async function reviewCharter(
  charter: string,
  deps: ReviewCharterDeps,
  cause?: { lang: string; version: number },
) {
  // Refreshes of one charter may run at once (editions ingested in parallel). Each reads the charter, writes
  // its flags, then reads the charter's state again: when another edition or correction landed meanwhile, its
  // flags may have been written over with ones from an older state, so it refreshes again. The last refresh
  // to see no change wrote from the final state.
  let before = await charterState(charter, deps);
  for (let round = 1; ; round++) {
    const result = await refreshOnce(charter, deps, cause);
    const after = await charterState(charter, deps);
    if (after === before || round >= MAX_REFRESH_ROUNDS) return result;
    before = after;
  }
}

/** Refreshes to try while the charter keeps changing under a refresh. */
const MAX_REFRESH_ROUNDS = 5;

/** What a refresh reads, in brief: each edition's current version and the reviewers' corrections. */
async function charterState(charter: string, deps: ReviewCharterDeps): Promise<string> {
  const [editions, corrections] = await Promise.all([
    deps.editions.listEditions(charter),
    deps.reviews.listReviewedClauses(charter),
  ]);
  return JSON.stringify([
    editions.map((e) => `${e.lang}:${e.version}:${e.candidate?.version ?? ''}`).sort(),
    corrections.map((c) => `${c.lang}:${c.clauseId}:${c.at}`).sort(),
  ]);
}

async function refreshOnce(
  charter: string,
  deps: ReviewCharterDeps,
  cause?: { lang: string; version: number },
) {
  const structure = await deps.structure(charter);
  const editions: DetectorEdition[] = [];
  const texts = new Map<string, Map<string, string>>();
  const corrections = await deps.reviews.listReviewedClauses(charter);
  const served: ClauseRecord[] = [];
  const stored = await deps.editions.listEditions(charter);
  for (const edition of stored) {
    // A current version exists (version > 0) even when the last upload failed or a new one is being written.
    if (!(edition.version > 0)) continue;
    const clauses = applyCorrections(
      await deps.editions.listEditionClauses(charter, edition.lang),
      corrections.filter((c) => c.lang === edition.lang),
      () => edition.version,
    );
    served.push(...clauses);
    editions.push({
      lang: edition.lang,
      clauses: Object.fromEntries(
        clauses.map((c) => [
          c.clauseId,
          {
            text: c.text,
            confidence: c.confidence,
            quality: c.quality ?? null,
            unknownWords: c.unknownWords ?? [],
          },
        ]),
      ),
      residue: edition.residue,
      isWord: await deps.lexicon?.(edition.lang),
    });
    texts.set(edition.lang, new Map(clauses.map((c) => [c.clauseId, c.text])));
  }
  // One edition has nothing to compare with, but its own clauses can still be misplaced or unreadable.
  const findings = [
    ...(editions.length >= 2
      ? deps.detect({ structure, editions })
      : editions.length === 1
        ? deps.detect({ structure, editions }).filter((f) => SINGLE_EDITION_KINDS.has(f.kind))
        : []),
    ...staleCorrectionFindings(charter, corrections, served, new Set(editions.map((e) => e.lang))),
    // Uploads the quality gate held back, whether or not the edition has a current version.
    ...candidateFindings(charter, stored),
  ];
  const order = new Map(structure.clauses.map((c, index) => [c.id, c.order ?? index]));
  const correctionsInForce = new Map(
    served.flatMap((r) => (r.reviewed ? [[`${r.clauseId}\u0000${r.lang}`, r.reviewed.flagId] as const] : [])),
  );
  const counts = await refreshCharterFlags(
    {
      charter,
      findings,
      texts: texts as ClauseTexts,
      order,
      correctionsInForce,
      resolveNote: (flag) => candidateResolutionNote(flag, stored),
      ...(cause ? { cause } : {}),
    },
    deps,
  );
  return { editions: editions.map((e) => e.lang), findings: findings.length, ...counts };
}
