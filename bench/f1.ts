/**
 * Clause-by-clause F1 of an alignment against a reviewed transcription: a clause counts when its text
 * matches the reviewed text after folding case and diacritics with a character similarity
 * (1 - levenshtein / max length) of at least 0.8.
 */
import { foldedSimilarity } from '../functions/core/align/fold.ts';

/** Similarity a clause must reach to count as matched. */
export const MATCH_THRESHOLD = 0.8;

/** Per-clause outcome of a comparison. */
export interface ClauseOutcome {
  id: string;
  similarity: number;
  matched: boolean;
  predicted: boolean;
  expected: boolean;
}

/** Precision, recall and F1 over clause ids, with the outcome of each clause. */
export interface F1Score {
  precision: number;
  recall: number;
  f1: number;
  matched: number;
  predicted: number;
  expected: number;
  outcomes: ClauseOutcome[];
}

/** Scores predicted clause texts against reviewed ones (both keyed by clause id). */
export function clauseF1(predicted: Record<string, string>, reviewed: Record<string, string>): F1Score {
  const ids = [...new Set([...Object.keys(reviewed), ...Object.keys(predicted)])];
  const outcomes = ids.map((id) => {
    const p = predicted[id];
    const r = reviewed[id];
    const similarity = p !== undefined && r !== undefined ? foldedSimilarity(p, r) : 0;
    return {
      id,
      similarity,
      matched: similarity >= MATCH_THRESHOLD,
      predicted: p !== undefined,
      expected: r !== undefined,
    };
  });
  const matched = outcomes.filter((o) => o.matched).length;
  const nPredicted = Object.keys(predicted).length;
  const nExpected = Object.keys(reviewed).length;
  const precision = nPredicted ? matched / nPredicted : 0;
  const recall = nExpected ? matched / nExpected : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, matched, predicted: nPredicted, expected: nExpected, outcomes };
}
