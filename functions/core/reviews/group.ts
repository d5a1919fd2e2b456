/**
 * The review queue grouped by finding. The detector reports each outvoted edition of a clause on its own
 * (`nb has 2007` and `sv lacks 2007` are one difference seen from two sides), and the same kept name raises a
 * flag in every clause and edition that keeps it. A group is one finding with its places: flags of one kind
 * joined when they are on the same clause, or share a name token of their evidence (a word of letters, not a
 * number: numbers are facts of their own clause). Nothing here knows any word: only kinds and evidence.
 */
import type { DivergenceKind, FlagSeverity, ReviewFlag } from './types.ts';

/** One finding and the flags (places) it was raised at. */
export interface FlagGroup {
  /** Stable id: the id of its first flag in queue order. */
  id: string;
  kind: DivergenceKind;
  /** The most severe of its flags. */
  severity: FlagSeverity;
  flags: ReviewFlag[];
  /** Clause and languages of each place, in canonical clause order. */
  places: Array<{ clause: string; langs: string[]; flagId: string }>;
  /** The evidence tokens of all its flags, each once, in order of how many flags name them. */
  tokens: string[];
  /** A flag says what one edition has and also what it lacks (a substitution, not a one-sided difference). */
  twoSided: boolean;
}

const SEVERITY_RANK: Record<FlagSeverity, number> = { high: 0, medium: 1, low: 2 };

/**
 * How much a kind says about the text, strongest first: a clause missing, then facts (numbers), then names,
 * structure and meaning; measurements and the aligner's own doubts last.
 */
const KIND_RANK: Record<DivergenceKind, number> = {
  'missing-clause': 0,
  'number-mismatch': 1,
  'name-mismatch': 2,
  'stale-correction': 3,
  'list-structure': 4,
  'meaning-drift': 5,
  'length-outlier': 6,
  'unaligned-residue': 7,
  'low-confidence': 8,
  'low-quality': 9,
  // A whole upload held back: no clause-level evidence to rank it by, so after the clause findings.
  'held-back-candidate': 10,
};

/** A token that can join flags across clauses: one word holding a letter (a name, not a number or a snippet). */
function nameToken(token: string): string | null {
  const folded = token.normalize('NFKC').trim().toLocaleLowerCase();
  if (!folded || /\s/.test(folded) || folded.length > 60 || !/\p{L}/u.test(folded)) return null;
  return folded;
}

/**
 * Groups flags by finding and ranks the groups: severity, then kind (missing clause, numbers, names, ...),
 * then a substitution before a one-sided difference, then canonical clause order. Flags keep their queue order
 * inside a group.
 */
export function groupFlags(flags: readonly ReviewFlag[]): FlagGroup[] {
  const parent = flags.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const join = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const firstAt = new Map<string, number>();
  flags.forEach((flag, i) => {
    // A held-back upload is an item of its own: its "clause" names a version, which other languages share.
    if (flag.kind === 'held-back-candidate') return;
    const keys = [`${flag.charter}\u0000${flag.kind}\u0000clause\u0000${flag.clause}`];
    for (const token of [...flag.evidence.actual, ...flag.evidence.expected]) {
      const name = nameToken(token);
      if (name) keys.push(`${flag.charter}\u0000${flag.kind}\u0000name\u0000${name}`);
    }
    for (const key of keys) {
      const other = firstAt.get(key);
      if (other === undefined) firstAt.set(key, i);
      else join(i, other);
    }
  });
  const members = new Map<number, ReviewFlag[]>();
  flags.forEach((flag, i) => {
    const root = find(i);
    members.set(root, [...(members.get(root) ?? []), flag]);
  });
  const groups = [...members.values()].map(toGroup);
  return groups.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
      Number(b.twoSided) - Number(a.twoSided) ||
      firstOrder(a) - firstOrder(b) ||
      a.id.localeCompare(b.id),
  );
}

function toGroup(flags: ReviewFlag[]): FlagGroup {
  const counts = new Map<string, number>();
  for (const flag of flags) {
    for (const token of new Set([...flag.evidence.actual, ...flag.evidence.expected])) {
      counts.set(token, (counts.get(token) ?? 0) + 1);
    }
  }
  const places = [...flags]
    .sort((a, b) => a.order - b.order || a.clause.localeCompare(b.clause))
    .map((f) => ({ clause: f.clause, langs: f.langs, flagId: f.id }));
  return {
    id: flags[0]!.id,
    kind: flags[0]!.kind,
    severity: flags.reduce<FlagSeverity>(
      (worst, f) => (SEVERITY_RANK[f.severity] < SEVERITY_RANK[worst] ? f.severity : worst),
      'low',
    ),
    flags,
    places,
    tokens: [...counts].sort((a, b) => b[1] - a[1]).map(([token]) => token),
    twoSided: flags.some((f) => f.evidence.actual.length > 0 && f.evidence.expected.length > 0),
  };
}

function firstOrder(group: FlagGroup): number {
  return Math.min(...group.flags.map((f) => f.order));
}
