/**
 * Development aid: how many reversed lines `restoreReversedLines` turns round, and how many right lines it
 * breaks, on the reviewed editions of every charter wrapped at several widths with a seeded share of their
 * lines reversed (as a PDF extraction of right-to-left runs does). Run: `npx tsx bench/segment/reversed-check.ts`.
 */
import { restoreReversedLines } from '../../functions/core/align/segment/reversed-lines.ts';
import { toSourceLines } from '../../functions/core/align/segment/segment-lines.ts';
import { Rng } from '../matrix/rng.ts';
import { wrappedReviewedEditions } from './wrapped-reviewed.ts';

let fixedAll = 0;
let reversedAll = 0;
let brokenAll = 0;
let linesAll = 0;
for (const { charter, file, width, lines } of wrappedReviewedEditions([25, 40, 60])) {
  const rng = new Rng(`${charter}/${file}/${width}`);
  const reversed = new Set<number>();
  const damaged = lines.map((line, i) => {
    const words = line.split(' ');
    if (words.length < 2 || words.join(' ') === [...words].reverse().join(' ') || !rng.chance(0.2))
      return line;
    reversed.add(i);
    return [...words].reverse().join(' ');
  });
  const restored = restoreReversedLines(toSourceLines(damaged.join('\n')));
  const fixed = [...reversed].filter((i) => restored[i]!.text === lines[i]).length;
  const broken = restored.filter((l, i) => !reversed.has(i) && l.text !== lines[i]).length;
  fixedAll += fixed;
  reversedAll += reversed.size;
  brokenAll += broken;
  linesAll += lines.length - reversed.size;
  console.log(
    `${charter}/${file} w${width}: fixed ${fixed}/${reversed.size} (${((100 * fixed) / Math.max(1, reversed.size)).toFixed(0)}%), broken ${broken}/${lines.length - reversed.size}`,
  );
}
console.log(
  `all: fixed ${fixedAll}/${reversedAll} (${((100 * fixedAll) / reversedAll).toFixed(1)}%), broken ${brokenAll}/${linesAll} (${((100 * brokenAll) / linesAll).toFixed(2)}%)`,
);
