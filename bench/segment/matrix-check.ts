/**
 * Development aid on the matrix's dev split only: per read-across page, the layout found per page and the
 * share of the gold text's word pairs that the reflowed lines keep (1.00 = reading order fully restored).
 * Run: `npx tsx bench/segment/matrix-check.ts [condition ...]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { layOutLines } from '../../functions/core/align/segment/reading-order.ts';
import { toSourceLines } from '../../functions/core/align/segment/segment-lines.ts';

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
const pairs = (text: string) => {
  const w = words(text);
  return w.slice(1).map((x, i) => `${w[i]} ${x}`);
};
const conditions = process.argv.slice(2);
const wanted = conditions.length ? conditions : ['two-column-read-across', 'three-column-read-across'];
for (const condition of wanted) {
  const dir = `bench/matrix/dev/${condition}`;
  let sum = 0;
  let n = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt'))) {
    const text = readFileSync(`${dir}/${file}`, 'utf8');
    const gold = JSON.parse(readFileSync(`${dir}/${file.replace(/\.txt$/, '.gold.json')}`, 'utf8'));
    const { lines, pages } = layOutLines(toSourceLines(text)).laidOut;
    const truth = new Set(pairs(gold.text));
    const got = pairs(lines.map((l) => l.text).join('\n'));
    const kept = [...new Set(got)].filter((p) => truth.has(p)).length / Math.max(1, truth.size);
    sum += kept;
    n++;
    const found = pages.map((p) => `${p.layout.columns}x${p.layout.width}`).join(' ');
    console.log(
      `${kept.toFixed(3)}  ${gold.print.columns}col ${gold.print.justify ? 'just' : 'rag'} ${file}  found: ${found}`,
    );
  }
  console.log(`${condition}: mean kept ${(sum / n).toFixed(3)} over ${n}`);
}
