/**
 * A CPU-profile driver for the warm path: `node --cpu-prof --import tsx bench/perf/warm-driver.ts [runs] [langs]`
 * processes each corpus edition `runs` times (each a new text) after one warm-up run, with no held-out pages,
 * so that a profile shows only the corpus editions' work.
 */
import { readFileSync } from 'node:fs';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { loadDivergenceThresholds } from '../../functions/adapters/resources/divergence-thresholds.ts';
import { loadConfusionModel, loadLanguage } from '../../functions/adapters/resources/index.ts';
import { detectDivergences, editionFromAlignment } from '../../functions/core/diverge/index.ts';
import type { DivergenceEdition } from '../../functions/core/diverge/types.ts';
import { processEditionText } from '../../functions/core/pipeline/process-edition-text.ts';

const root = process.cwd();
const runs = Number(process.argv[2] ?? 10);
const langs = (process.argv[3] ?? 'sv,nb,da').split(',');
const structure = loadCharterStructure('integrating-cities');
const reviewed = loadReviewedEditions(structure);
const confusions = await loadConfusionModel();
const thresholds = loadDivergenceThresholds();
for (const lang of langs) {
  const resources = await loadLanguage(lang);
  const references = reviewed.filter((e) => e.lang !== lang);
  const others: DivergenceEdition[] = references.map((e) => ({
    lang: e.lang,
    clauses: Object.fromEntries(Object.entries(e.clauses).map(([id, t]) => [id, { text: t, confidence: 1 }])),
    residue: [],
  }));
  const text = readFileSync(`${root}/corpus/charters/integrating-cities/editions/${lang}.txt`, 'utf8');
  const cpu: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const before = process.cpuUsage();
    const { alignment } = await processEditionText(`${text}${'\n'.repeat(i + 1)}`, {
      structure,
      references,
      lang,
      resources,
      confusions,
    });
    detectDivergences(
      { structure, editions: [editionFromAlignment(alignment, (w) => resources.lexicon.has(w)), ...others] },
      thresholds,
    );
    const used = process.cpuUsage(before);
    if (i > 0) cpu.push((used.user + used.system) / 1000);
  }
  cpu.sort((a, b) => a - b);
  console.log(lang, 'median ms', cpu[Math.floor(cpu.length / 2)]!.toFixed(1), 'min', cpu[0]!.toFixed(1));
}
