/**
 * Warm CPU of one edition's clean + align + divergence, the work of one ingest in a warm Lambda.
 * Run: `npx tsx bench/perf/warm.ts [--json] [--runs N]`.
 *
 * Per corpus edition (sv, nb, da): the language's resources are loaded and the process is warmed on the
 * held-out OCR editions of the same language (bench/holdout), then the corpus edition is processed
 * `runs` times. Each run gets a text the process has not seen (the edition with a different number of
 * trailing blank lines, which changes no result), so nothing keyed by the text is reused across runs.
 * `first` is the first run, `median` the median of the runs. CPU is process.cpuUsage (user + system).
 * Divergence compares the edition with the other two reviewed editions, preparing the new edition afresh each
 * run and reusing what it prepared for the other two, as an ingest does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { loadDivergenceThresholds } from '../../functions/adapters/resources/divergence-thresholds.ts';
import { loadConfusionModel, loadLanguage } from '../../functions/adapters/resources/index.ts';
import { detectDivergences, editionFromAlignment } from '../../functions/core/diverge/index.ts';
import { processEditionText } from '../../functions/core/pipeline/process-edition-text.ts';
import type { DivergenceEdition } from '../../functions/core/diverge/types.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LANGS = ['sv', 'nb', 'da'];

/** CPU milliseconds (user + system) of `fn`. */
export async function cpuMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** One edition's figures. */
export interface WarmFigure {
  lang: string;
  clauses: number;
  firstMs: number;
  medianMs: number;
  minMs: number;
  /** Median of the parts: clean + align (processEditionText) and divergence (with the other editions). */
  processMs: number;
  divergenceMs: number;
}

/** Measures every corpus edition; `runs` runs each after the held-out warm-up. */
export async function measureWarm(runs = 15): Promise<WarmFigure[]> {
  const structure = loadCharterStructure('integrating-cities');
  const reviewed = loadReviewedEditions(structure);
  const confusions = await loadConfusionModel();
  const thresholds = loadDivergenceThresholds();
  const figures: WarmFigure[] = [];
  for (const lang of LANGS) {
    const resources = await loadLanguage(lang);
    const lexicon = resources.lexicon;
    const references = reviewed.filter((e) => e.lang !== lang);
    const others: DivergenceEdition[] = references.map((e) => ({
      lang: e.lang,
      clauses: Object.fromEntries(
        Object.entries(e.clauses).map(([id, text]) => [id, { text, confidence: 1 }]),
      ),
      residue: [],
    }));
    const once = async (text: string) => {
      let processMs = 0;
      let divergenceMs = 0;
      let clauses = 0;
      processMs = await cpuMs(async () => {
        const { alignment } = await processEditionText(text, {
          structure,
          references,
          lang,
          resources,
          confusions,
        });
        clauses = alignment.clauses.length;
        divergenceMs = await cpuMs(() =>
          detectDivergences(
            {
              structure,
              // A membership function of its own: the detector prepares this edition afresh, as a new
              // edition's (its clause texts are the same each run, which would find the prepared view).
              editions: [editionFromAlignment(alignment, (word) => lexicon.has(word)), ...others],
            },
            thresholds,
          ),
        );
      });
      return { processMs: processMs - divergenceMs, divergenceMs, totalMs: processMs, clauses };
    };
    const holdout = join(root, 'bench/holdout');
    for (const name of readdirSync(holdout).filter((n) => n.startsWith(`${lang}.`) && n.endsWith('.txt'))) {
      await once(readFileSync(join(holdout, name), 'utf8'));
    }
    const text = readFileSync(join(root, `corpus/charters/integrating-cities/editions/${lang}.txt`), 'utf8');
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await once(`${text}${'\n'.repeat(i + 1)}`));
    figures.push({
      lang,
      clauses: results[0]!.clauses,
      firstMs: results[0]!.totalMs,
      medianMs: median(results.map((r) => r.totalMs)),
      minMs: Math.min(...results.map((r) => r.totalMs)),
      processMs: median(results.map((r) => r.processMs)),
      divergenceMs: median(results.map((r) => r.divergenceMs)),
    });
  }
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runsArg = process.argv.indexOf('--runs');
  const figures = await measureWarm(runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15);
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2));
  else {
    console.log('| edition | clauses | first ms | median ms | min ms | clean+align ms | divergence ms |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const f of figures) {
      console.log(
        `| ${f.lang} | ${f.clauses} | ${f.firstMs.toFixed(1)} | ${f.medianMs.toFixed(1)} | ${f.minMs.toFixed(1)} | ${f.processMs.toFixed(1)} | ${f.divergenceMs.toFixed(1)} |`,
      );
    }
  }
}
