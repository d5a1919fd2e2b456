/** The divergence benchmark's core: seeded injections into reviewed editions, detection, recall and false flags. */
import { detectDivergences } from '../../functions/core/diverge/index.ts';
import type { DivergenceEdition, DivergenceThresholds } from '../../functions/core/diverge/types.ts';
import type { DivergenceFinding } from '../../functions/core/reviews/types.ts';
import type { CharterStructure } from '../../functions/core/structure/types.ts';
import { type EditionTexts, INJECTION_KINDS, type Injection, inject, seededRandom } from './inject.ts';

/** What a benchmark run needs. */
export interface BenchmarkSetup {
  structure: CharterStructure;
  editions: EditionTexts;
  thresholds: DivergenceThresholds;
  /** Lexicon lookups by language; omit to run the detector without lexicons. */
  isWord?: Record<string, (word: string) => boolean>;
}

/** One injection's outcome. */
export interface Trial {
  seed: number;
  injection: Injection;
  found: boolean;
  /** Kinds of the findings that named an injected clause in the injected language. */
  foundBy: string[];
}

/** One detection run (one seed, one or more injections): the false flags. */
export interface Run {
  seed: number;
  untouched: number;
  /** Untouched clause-language pairs flagged. */
  flagged: string[];
  /** Untouched pairs not flagged on the clean editions. */
  untouchedNew: number;
  /** Those of them flagged. */
  flaggedNew: string[];
}

/** Totals of a set of trials. */
export interface BenchmarkResult {
  trials: Trial[];
  runs: Run[];
  skipped: number;
  recall: number;
  recallByKind: Record<string, { found: number; total: number }>;
  /** Share of untouched clause-language pairs flagged, over all untouched pairs. */
  falseFlagRate: number;
  /** The same, leaving out pairs already flagged on the clean editions (genuine divergences). */
  falseFlagRateNew: number;
}

const pairKey = (clause: string, lang: string) => `${clause}|${lang}`;

/** The detector's input for clause texts (confidence 1, no residue). */
export function toEditions(editions: EditionTexts, setup: BenchmarkSetup): DivergenceEdition[] {
  return Object.entries(editions).map(([lang, clauses]) => ({
    lang,
    clauses: Object.fromEntries(Object.entries(clauses).map(([id, text]) => [id, { text, confidence: 1 }])),
    isWord: setup.isWord?.[lang],
  }));
}

/** Runs the detector on clause texts. */
export function detect(editions: EditionTexts, setup: BenchmarkSetup): DivergenceFinding[] {
  return detectDivergences(
    { structure: setup.structure, editions: toEditions(editions, setup) },
    setup.thresholds,
  );
}

/** Clause-language pairs flagged on the editions as given. */
export function flaggedPairs(findings: readonly DivergenceFinding[]): Set<string> {
  return new Set(findings.flatMap((f) => f.langs.map((l) => pairKey(f.clause, l))));
}

/** The injection kind of a seed: the kinds take turns, so every set is balanced. */
export const kindOfSeed = (seed: number) => INJECTION_KINDS[seed % INJECTION_KINDS.length]!;

/**
 * Runs one detection per seed with `perRun` injections at once (each in a clause and language no earlier
 * injection of the run touched; the kinds take turns).
 */
export function runBenchmark(setup: BenchmarkSetup, seeds: readonly number[], perRun = 1): BenchmarkResult {
  const langs = Object.keys(setup.editions);
  const allPairs = setup.structure.clauses.flatMap((c) => langs.map((l) => pairKey(c.id, l)));
  const clean = flaggedPairs(detect(setup.editions, setup));
  const trials: Trial[] = [];
  const runs: Run[] = [];
  let skipped = 0;
  for (const seed of seeds) {
    const random = seededRandom(seed);
    let editions = setup.editions;
    const injections: Injection[] = [];
    const touched = new Set<string>();
    for (let i = 0, attempts = 0; injections.length < perRun && attempts < perRun * 10; attempts++) {
      const made = inject(editions, setup.structure, kindOfSeed(seed * perRun + i), random);
      const pairs = made
        ? [...made.injection.clauses, ...made.injection.related].map((id) => pairKey(id, made.injection.lang))
        : [];
      if (!made || pairs.some((p) => touched.has(p))) continue;
      for (const p of pairs) touched.add(p);
      injections.push(made.injection);
      editions = made.editions;
      i++;
    }
    if (injections.length === 0) {
      skipped++;
      continue;
    }
    const findings = detect(editions, setup);
    for (const injection of injections) {
      const hits = findings.filter(
        (f) => injection.clauses.includes(f.clause) && f.langs.includes(injection.lang),
      );
      trials.push({
        seed,
        injection,
        found: hits.length > 0,
        foundBy: [...new Set(hits.map((f) => f.kind))],
      });
    }
    const untouched = allPairs.filter((p) => !touched.has(p));
    const flagged = flaggedPairs(findings);
    runs.push({
      seed,
      untouched: untouched.length,
      flagged: untouched.filter((p) => flagged.has(p)),
      untouchedNew: untouched.filter((p) => !clean.has(p)).length,
      flaggedNew: untouched.filter((p) => flagged.has(p) && !clean.has(p)),
    });
  }
  const recallByKind: Record<string, { found: number; total: number }> = {};
  for (const t of trials) {
    const r = recallByKind[t.injection.kind] ?? { found: 0, total: 0 };
    recallByKind[t.injection.kind] = r;
    r.total++;
    if (t.found) r.found++;
  }
  const untouchedTotal = runs.reduce((s, r) => s + r.untouched, 0);
  const flaggedTotal = runs.reduce((s, r) => s + r.flagged.length, 0);
  const untouchedNew = runs.reduce((s, r) => s + r.untouchedNew, 0);
  const flaggedNew = runs.reduce((s, r) => s + r.flaggedNew.length, 0);
  return {
    trials,
    runs,
    skipped,
    recall: trials.length ? trials.filter((t) => t.found).length / trials.length : 0,
    recallByKind,
    falseFlagRate: untouchedTotal ? flaggedTotal / untouchedTotal : 0,
    falseFlagRateNew: untouchedNew ? flaggedNew / untouchedNew : 0,
  };
}
