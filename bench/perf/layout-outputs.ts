/**
 * Writes the reading-order layout (layOutLines: lines, pages, layouts and gains) of every corpus edition,
 * held-out page and bench/matrix/dev page as one JSON document, so a speed change in the layout steps can be
 * checked to leave every layout byte-identical on all the pages (bench/perf/outputs.ts takes every 4th dev
 * page through the whole pipeline): run it before and after, then `cmp` the two files.
 *
 *   npx tsx bench/perf/layout-outputs.ts OUT.json
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { layOutLines } from '../../functions/core/align/segment/reading-order.ts';
import { toSourceLines } from '../../functions/core/align/segment/segment-lines.ts';
import { resourcesOrNull } from '../language-resources.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = process.argv[2];
if (!out) throw new Error('usage: layout-outputs.ts OUT.json');
const pages: { file: string; lang: string }[] = [];
for (const lang of ['sv', 'nb', 'da'])
  pages.push({ file: `corpus/charters/integrating-cities/editions/${lang}.txt`, lang });
for (const name of readdirSync(join(root, 'bench/holdout'))
  .filter((n) => n.endsWith('.txt'))
  .sort())
  pages.push({ file: `bench/holdout/${name}`, lang: name.split('.')[0]! });
const dev = join(root, 'bench/matrix/dev');
for (const condition of readdirSync(dev).sort())
  for (const name of readdirSync(join(dev, condition))
    .filter((n) => n.endsWith('.gold.json'))
    .sort()) {
    const gold = JSON.parse(readFileSync(join(dev, condition, name), 'utf8')) as { lang: string };
    pages.push({
      file: `bench/matrix/dev/${condition}/${name.replace(/\.gold\.json$/, '.txt')}`,
      lang: gold.lang,
    });
  }
const layouts: Record<string, unknown> = {};
let cpuMs = 0;
for (const { file, lang } of pages) {
  const resources = await resourcesOrNull(lang);
  const lexicon = resources?.lexicon;
  const options = resources
    ? { conjunctions: resources.settings.conjunctions, isWord: (word: string) => lexicon!.has(word) }
    : {};
  const lines = toSourceLines(readFileSync(join(root, file), 'utf8'));
  const before = process.cpuUsage();
  layouts[file] = layOutLines(lines, options);
  const used = process.cpuUsage(before);
  cpuMs += (used.user + used.system) / 1000;
}
writeFileSync(out, JSON.stringify(layouts));
console.log(`${pages.length} pages, layout CPU ${cpuMs.toFixed(0)} ms`);
