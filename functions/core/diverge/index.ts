/**
 * Divergence detection: compares every current edition of a charter with the others, clause by clause, and
 * reports where a translation says something different. Pure: no I/O; thresholds come in as data.
 */
import type { AlignResult } from '../align/types.ts';
import type { DivergenceFinding, DivergenceKind } from '../reviews/types.ts';
import { buildContext } from './context.ts';
import { duplicatedText } from './duplicated-text.ts';
import { lengthOutliers } from './length-outlier.ts';
import { listStructure } from './list-structure.ts';
import { lowConfidence } from './low-confidence.ts';
import { lowQuality } from './low-quality.ts';
import { meaningDrift } from './meaning-drift.ts';
import { missingClauses } from './missing-clause.ts';
import { nameMismatches } from './name-mismatch.ts';
import { numberMismatches } from './number-mismatch.ts';
import { swappedClauses } from './swapped-clauses.ts';
import type { DivergenceEdition, DivergenceInput, DivergenceThresholds, ResidueEntry } from './types.ts';
import { unalignedResidue } from './unaligned-residue.ts';

export type {
  DivergenceEdition,
  DivergenceInput,
  DivergenceThresholds,
  EditionClause,
  ResidueEntry,
  SeverityBands,
} from './types.ts';

const KIND_ORDER: DivergenceKind[] = [
  'missing-clause',
  'number-mismatch',
  'name-mismatch',
  'list-structure',
  'meaning-drift',
  'length-outlier',
  'unaligned-residue',
  'low-confidence',
  'low-quality',
];

/**
 * Every divergence between the editions of one charter: missing clauses, content-like residue, numbers,
 * names, list structure, length outliers, meaning drift (including passages repeated from another clause and
 * clauses whose texts were exchanged), low alignment confidence and low text quality (stored text that reads
 * poorly in its language). Pair statistics are learned from the
 * editions given, so pass every current edition of the charter at once (at least two for the comparing
 * checks). Pass each edition's `isWord` (its lexicon) when available: names are then told more reliably.
 *
 * Findings come sorted by canonical clause order (residue without a place last), kind, then language, one per
 * clause, languages and kind (checks reporting the same are merged, the most severe first). A finding names
 * the edition(s) outvoted by the others; with two editions both are named.
 *
 * @param input the charter structure and the current editions (clause id -> text and confidence, residue)
 * @param thresholds limits of the checks, as loaded from `data/divergence-thresholds.json`
 */
export function detectDivergences(
  input: DivergenceInput,
  thresholds: DivergenceThresholds,
): DivergenceFinding[] {
  const context = buildContext(input.structure, input.editions, thresholds);
  const findings = [
    ...missingClauses(context),
    ...numberMismatches(context),
    ...nameMismatches(context),
    ...listStructure(context),
    ...meaningDrift(context),
    ...duplicatedText(context),
    ...swappedClauses(context),
    ...lengthOutliers(context),
    ...unalignedResidue(context),
    ...lowConfidence(context),
    ...lowQuality(context),
  ];
  const order = new Map(input.structure.clauses.map((c) => [c.id, c.order]));
  const place = (f: DivergenceFinding) => order.get(f.clause) ?? Number.MAX_SAFE_INTEGER;
  return mergeSameFlag(findings).sort(
    (x, y) =>
      place(x) - place(y) ||
      KIND_ORDER.indexOf(x.kind) - KIND_ORDER.indexOf(y.kind) ||
      x.langs.join().localeCompare(y.langs.join()),
  );
}

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

/**
 * One finding per clause, languages and kind (the identity of a review flag): when two checks report the same
 * (e.g. meaning drift and an exchange), the most severe is kept and the other reasons are appended.
 */
function mergeSameFlag(findings: readonly DivergenceFinding[]): DivergenceFinding[] {
  const byKey = new Map<string, DivergenceFinding[]>();
  for (const f of findings) {
    const key = [f.clause, f.kind, ...[...f.langs].sort()].join('\u0000');
    byKey.set(key, [...(byKey.get(key) ?? []), f]);
  }
  return [...byKey.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const [first, ...rest] = [...group].sort((x, y) => SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity]);
    return { ...first!, reason: [first!.reason, ...rest.map((f) => f.reason)].join('; also ') };
  });
}

/**
 * The detector's view of an aligned edition: clause texts and confidences, and residue placed after the
 * clause whose text starts last before it in the source.
 */
export function editionFromAlignment(
  result: AlignResult,
  isWord?: (word: string) => boolean,
): DivergenceEdition {
  const starts = result.clauses
    .map((c) => ({ id: c.id, start: Math.min(...c.spans.map((s) => s.start)) }))
    .filter((c) => Number.isFinite(c.start))
    .sort((a, b) => a.start - b.start);
  const residue = result.residue.map((item): ResidueEntry => {
    const start = Math.min(...item.spans.map((s) => s.start));
    const before = starts.filter((c) => c.start <= start).at(-1);
    return before ? { text: item.text, after: before.id } : { text: item.text };
  });
  return {
    lang: result.lang,
    clauses: Object.fromEntries(
      result.clauses.map((c) => [c.id, { text: c.text, confidence: c.confidence }]),
    ),
    residue,
    isWord,
  };
}
