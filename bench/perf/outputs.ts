/**
 * Writes the pipeline's outputs (clean edition, alignment, clause quality, divergences) for the corpus editions
 * and a sample of bench/matrix/dev pages as one JSON document, so a speed change can be checked to leave
 * every output byte-identical: run it before and after, then `cmp` the two files.
 *
 *   npx tsx bench/perf/outputs.ts OUT.json
 */
import { resourcesOrNull } from '../language-resources.ts';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { loadDivergenceThresholds } from '../../functions/adapters/resources/divergence-thresholds.ts';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import { detectDivergences, editionFromAlignment } from '../../functions/core/diverge/index.ts';
import type { DivergenceEdition } from '../../functions/core/diverge/types.ts';
import { processEditionText } from '../../functions/core/pipeline/process-edition-text.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Every n-th dev page (sorted by path) joins the corpus editions. */
const DEV_STRIDE = 4;

const out = process.argv[2];
if (!out) throw new Error('usage: outputs.ts OUT.json');
const confusions = await loadConfusionModel();
const thresholds = loadDivergenceThresholds();
const pages: { file: string; charter: string; lang: string; references: string[] }[] = [];
for (const lang of ['sv', 'nb', 'da']) {
  pages.push({
    file: `corpus/charters/integrating-cities/editions/${lang}.txt`,
    charter: 'integrating-cities',
    lang,
    references: ['sv', 'nb', 'da'].filter((l) => l !== lang),
  });
}
const dev = join(root, 'bench/matrix/dev');
const golds = readdirSync(dev)
  .flatMap((c) => readdirSync(join(dev, c)).map((n) => `${c}/${n}`))
  .filter((n) => n.endsWith('.gold.json'))
  .sort();
golds.forEach((name, i) => {
  if (i % DEV_STRIDE !== 0) return;
  const gold = JSON.parse(readFileSync(join(dev, name), 'utf8'));
  pages.push({
    file: `bench/matrix/dev/${name.replace(/\.gold\.json$/, '.txt')}`,
    charter: gold.charter,
    lang: gold.lang,
    references: gold.references,
  });
});
const results: Record<string, unknown> = {};
for (const page of pages) {
  const structure = loadCharterStructure(page.charter);
  const reviewed = loadReviewedEditions(structure);
  const references = reviewed.filter((e) => page.references.includes(e.lang) && e.lang !== page.lang);
  const resources = await resourcesOrNull(page.lang);
  const text = readFileSync(join(root, page.file), 'utf8');
  const result = await processEditionText(text, {
    structure,
    references,
    lang: page.lang,
    resources,
    confusions,
  });
  const lexicon = resources?.lexicon;
  const others: DivergenceEdition[] = references.map((e) => ({
    lang: e.lang,
    clauses: Object.fromEntries(Object.entries(e.clauses).map(([id, t]) => [id, { text: t, confidence: 1 }])),
    residue: [],
  }));
  const divergences = detectDivergences(
    {
      structure,
      editions: [
        editionFromAlignment(result.alignment, lexicon ? (word) => lexicon.has(word) : () => false),
        ...others,
      ],
    },
    thresholds,
  );
  results[page.file] = { ...result, divergences };
  console.log(page.file);
}
writeFileSync(out, JSON.stringify(results, null, 1));
