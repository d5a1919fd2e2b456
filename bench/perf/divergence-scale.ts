/**
 * Divergence per ingest as the number of editions grows: the charter holds N-1 editions the detector has
 * already compared (the previous ingest ran it on them), and a new edition arrives; the figure is the CPU of
 * the detector run on all N, as the ingest's review step runs it.
 * Run: `npx tsx bench/perf/divergence-scale.ts [--json] [--sizes 3,6,12,24] [--runs 5]`.
 *
 * Editions: the three reviewed corpus editions (sv, nb, da), then variants of them (a seeded fifth of their
 * clauses paraphrased: words dropped and swapped, bench/divergence/inject.ts), each named `<lang>-<n>` and
 * given its language's lexicon. Each run's new edition is a variant never seen before.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { loadDivergenceThresholds } from '../../functions/adapters/resources/divergence-thresholds.ts';
import { loadLanguage } from '../../functions/adapters/resources/index.ts';
import { detectDivergences } from '../../functions/core/diverge/index.ts';
import type { DivergenceEdition } from '../../functions/core/diverge/types.ts';
import { paraphrase, seededRandom } from '../divergence/inject.ts';

/** One size's figures (ms of CPU). */
export interface ScaleFigure {
  editions: number;
  /** Median CPU of the detector when one new edition joins N-1 already compared. */
  ingestMs: number;
  /** CPU of the first run over N editions none of which was seen before. */
  coldMs: number;
  findings: number;
}

const cpuMs = (fn: () => unknown): number => {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Measures the detector for each size; `runs` new editions per size. */
export async function measureDivergenceScale(sizes: number[], runs = 5): Promise<ScaleFigure[]> {
  const structure = loadCharterStructure('integrating-cities');
  const reviewed = loadReviewedEditions(structure);
  const thresholds = loadDivergenceThresholds();
  const isWord = new Map<string, (word: string) => boolean>();
  for (const edition of reviewed) {
    const { lexicon } = await loadLanguage(edition.lang);
    isWord.set(edition.lang, (word) => lexicon.has(word));
  }
  const ids = structure.clauses.map((c) => c.id);
  let serial = 0;
  /** A new edition: a variant of reviewed edition `base`, a fifth of its clauses paraphrased. */
  const variant = (base: number): DivergenceEdition => {
    const source = reviewed[base % reviewed.length]!;
    const n = serial++;
    const random = seededRandom(1000 + n);
    const clauses: Record<string, { text: string; confidence: number }> = {};
    for (const id of ids) {
      const text = source.clauses[id];
      if (text === undefined) continue;
      clauses[id] = { text: n > 0 && random() < 0.2 ? paraphrase(text, random) : text, confidence: 0.9 };
    }
    return { lang: `${source.lang}-${n}`, clauses, residue: [], isWord: isWord.get(source.lang) };
  };
  const figures: ScaleFigure[] = [];
  // CHARTER_DUMP_FINDINGS=<file>: every run's findings, to compare two versions of the detector.
  const dumped: unknown[] | undefined = process.env.CHARTER_DUMP_FINDINGS ? [] : undefined;
  for (const size of sizes) {
    const editions = Array.from({ length: size - 1 }, (_, i) => variant(i));
    let findings = 0;
    const coldMs = cpuMs(() => {
      findings = detectDivergences(
        { structure, editions: [...editions, variant(size - 1)] },
        thresholds,
      ).length;
    });
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      // The previous ingest compared these N-1; the new one joins them.
      detectDivergences({ structure, editions }, thresholds);
      const added = variant(size - 1 + run);
      times.push(
        cpuMs(() => {
          const found = detectDivergences({ structure, editions: [...editions, added] }, thresholds);
          dumped?.push(found);
        }),
      );
    }
    figures.push({ editions: size, ingestMs: median(times), coldMs, findings });
  }
  if (dumped) writeFileSync(process.env.CHARTER_DUMP_FINDINGS!, JSON.stringify(dumped, null, 1));
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--sizes');
  const sizes = at > 0 ? process.argv[at + 1]!.split(',').map(Number) : [3, 6, 12, 24];
  const runsAt = process.argv.indexOf('--runs');
  const figures = await measureDivergenceScale(sizes, runsAt > 0 ? Number(process.argv[runsAt + 1]) : 5);
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log('| editions | per ingest ms (median) | all new ms | findings |');
    console.log('|---:|---:|---:|---:|');
    for (const f of figures)
      console.log(`| ${f.editions} | ${f.ingestMs.toFixed(1)} | ${f.coldMs.toFixed(1)} | ${f.findings} |`);
  }
}
