/**
 * Development aid: per dev page read across columns, the layout found and how well the laid-out lines follow
 * the gold text (share of line junctions and of word pairs inside lines that are word pairs of the gold, as in
 * fit-read-across.ts). With `--show PAGE` (a substring of the page's name) prints that page's laid-out lines,
 * marking each junction the gold does not have with `!!`. Dev pages only.
 *
 * Run: `npx tsx bench/segment/order-check.ts [--show PAGE]`
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { layOutLines } from '../../functions/core/align/segment/reading-order.ts';
import { toSourceLines } from '../../functions/core/align/segment/segment-lines.ts';
import { resourcesOrNull } from '../language-resources.ts';
import type { PageGold } from '../matrix/generate.ts';

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

const { values } = parseArgs({ options: { show: { type: 'string' } } });
const root = join('bench', 'matrix', 'dev');
let total = 0;
let count = 0;
for (const condition of ['two-column-read-across', 'three-column-read-across']) {
  for (const name of readdirSync(join(root, condition)).filter((f) => f.endsWith('.gold.json'))) {
    const gold = JSON.parse(readFileSync(join(root, condition, name), 'utf8')) as PageGold;
    const language = await resourcesOrNull(gold.lang);
    const words = wordsOf(gold.text);
    const pairs = new Set(words.slice(1).map((w, i) => `${words[i]} ${w}`));
    const vocabulary = new Set(words);
    const text = readFileSync(join(root, condition, name.replace(/\.gold\.json$/, '.txt')), 'utf8');
    const { lines, pages } = layOutLines(
      toSourceLines(text),
      language
        ? { conjunctions: language.settings.conjunctions, isWord: (w) => language.lexicon.has(w) }
        : {},
    ).laidOut;
    const show = values.show !== undefined && name.includes(values.show);
    let joined = 0;
    let joinedRight = 0;
    let inside = 0;
    let insideRight = 0;
    const lineWords = lines.map((l) => wordsOf(l.text));
    lines.forEach((line, i) => {
      const w = lineWords[i]!;
      for (let k = 1; k < w.length; k++) {
        if (!vocabulary.has(w[k - 1]!) || !vocabulary.has(w[k]!)) continue;
        inside++;
        if (pairs.has(`${w[k - 1]} ${w[k]}`)) insideRight++;
      }
      let mark = '  ';
      let j = i + 1;
      while (j < lineWords.length && lineWords[j]!.length === 0) j++;
      const next = lineWords[j];
      if (w.length && next && vocabulary.has(w.at(-1)!) && vocabulary.has(next[0]!)) {
        joined++;
        if (pairs.has(`${w.at(-1)} ${next[0]}`)) joinedRight++;
        else mark = '!!';
      }
      if (show) console.log(`${mark} ${line.text}`);
    });
    const score = 0.7 * (joinedRight / Math.max(1, joined)) + 0.3 * (insideRight / Math.max(1, inside));
    total += score;
    count++;
    const layouts = pages.map((p) => `${p.layout.columns}x${p.layout.width}`).join(' ');
    console.log(
      `${score.toFixed(3)} junctions ${(joinedRight / Math.max(1, joined)).toFixed(3)} inside ${(insideRight / Math.max(1, inside)).toFixed(3)} ${gold.print?.columns ?? '?'}col ${layouts} ${condition.slice(0, 5)}/${name.replace('.gold.json', '')}`,
    );
  }
}
console.log(`mean ${(total / count).toFixed(4)}`);
