/** Uniqueness of clauses on a decoded path: which spans must give up a clause they share. */
import { type DecodedSpan, spanScore } from './lattice.ts';
import { continuesInto, type Piece, spanText } from './pieces.ts';

/** A clause held by several spans: the one that keeps it and those that must give it up. */
export interface Conflict {
  clause: number;
  keep: DecodedSpan;
  drop: DecodedSpan[];
}

/**
 * Clauses given to more than one span. Spans next to each other in reading order (nothing but residue
 * between) or two halves of one sentence (the first unfinished, the other starting in lower case) are a
 * clause split in two places and stay together; otherwise the segment of the best-supported span keeps the
 * clause.
 */
export function findConflicts(path: readonly DecodedSpan[], pieces: readonly Piece[]): Conflict[] {
  const positions = new Map<number, number[]>();
  path.forEach((step, i) => {
    if (step.clause < 0) return;
    const list = positions.get(step.clause) ?? [];
    list.push(i);
    positions.set(step.clause, list);
  });
  const conflicts: Conflict[] = [];
  for (const [clause, at] of positions) {
    if (at.length < 2) continue;
    const between = path
      .slice(at[0], at[at.length - 1]! + 1)
      .filter((s) => s.clause >= 0 && s.clause !== clause);
    if (between.length === 0) continue;
    if (at.length === 2) {
      const a = spanText(pieces, path[at[0]!]!.span);
      const b = spanText(pieces, path[at[1]!]!.span);
      if (continuesInto(a, b) || continuesInto(b, a)) continue;
    }
    const steps = at.map((i) => path[i]!);
    const keep = steps.reduce((best, s) =>
      spanScore(s.span, clause) > spanScore(best.span, clause) ? s : best,
    );
    // A clause is given up segment by segment: the other pieces of the keeper's own segment keep it too
    // (giving them up would take the clause from the keeper as well).
    const others = steps.filter((s) => s.span.segment !== keep.span.segment);
    conflicts.push({ clause, keep, drop: others.length ? others : steps.filter((s) => s !== keep) });
  }
  return conflicts;
}
