/**
 * Development aid: how many word-reversed lines `restoreReversedLines` turns round, and how many right lines it
 * breaks, on the matrix's PDF text extractions. The generator reverses a seeded share of each page's lines
 * (`reverseLines` in bench/matrix/generate.ts); replaying its random source over the stored text says which lines
 * it reversed, since reversing keeps a line's word count. Run:
 * `npx tsx bench/segment/reversed-pdf-check.ts [--split dev] [--show]` (never on the blind split).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { restoreReversedLines } from '../../functions/core/align/segment/reversed-lines.ts';
import { toSourceLines } from '../../functions/core/align/segment/segment-lines.ts';
import type { PageGold } from '../matrix/generate.ts';
import { Rng } from '../matrix/rng.ts';

const { values } = parseArgs({
  options: { split: { type: 'string', default: 'dev' }, show: { type: 'boolean', default: false } },
});
if (values.split === 'blind') throw new Error('the blind split is scored by the lead only');
const dir = join('bench', 'matrix', values.split!, 'pdf-text-extraction');

/** Indexes of the lines the generator reversed. */
function reversedLines(lines: readonly string[], fraction: number, seed: string): Set<number> {
  const rng = new Rng(`${seed}/reverse`);
  const out = new Set<number>();
  lines.forEach((line, i) => {
    const words = line.trim().split(/\s+/);
    if (words.length > 1 && rng.chance(fraction)) out.add(i);
  });
  return out;
}

const words = (text: string) => text.trim().split(/\s+/u).filter(Boolean);
const same = (a: readonly string[], b: readonly string[]) => a.join(' ') === b.join(' ');

let fixedAll = 0;
let reversedAll = 0;
let brokenAll = 0;
let normalAll = 0;
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.gold.json'))
  .sort()) {
  const gold = JSON.parse(readFileSync(join(dir, file), 'utf8')) as PageGold;
  const read = gold.read as { kind: string; reverseFraction?: number };
  const name = file.replace(/\.gold\.json$/, '');
  const text = readFileSync(join(dir, `${name}.txt`), 'utf8');
  const lines = text.split('\n');
  const reversed = read.reverseFraction
    ? reversedLines(lines, read.reverseFraction, name)
    : new Set<number>();
  const source = toSourceLines(text);
  const restored = restoreReversedLines(source);
  let fixed = 0;
  let broken = 0;
  let normal = 0;
  restored.forEach((line, i) => {
    const before = words(source[i]!.text);
    const after = words(line.text);
    if (reversed.has(i)) {
      // Turned round when its words now read in the other order (a palindrome line counts as fixed).
      const ok = same(after, [...before].reverse());
      if (ok) fixed++;
      else if (values.show) console.log(`  left  | ${source[i]!.text.trim()}`);
    } else if (before.length > 1) {
      normal++;
      if (!same(after, before)) {
        broken++;
        if (values.show) console.log(`  broke | ${source[i]!.text.trim()}`);
      }
    }
  });
  fixedAll += fixed;
  reversedAll += reversed.size;
  brokenAll += broken;
  normalAll += normal;
  console.log(`${name}: fixed ${fixed}/${reversed.size}, broken ${broken}/${normal}`);
}
const pct = (a: number, b: number, digits: number) => ((100 * a) / Math.max(1, b)).toFixed(digits);
console.log(
  `all: fixed ${fixedAll}/${reversedAll} (${pct(fixedAll, reversedAll, 1)}%), broken ${brokenAll}/${normalAll} (${pct(brokenAll, normalAll, 2)}%)`,
);
