/**
 * Fits the weights of the read-across decoder (functions/core/align/segment/read-across.ts,
 * READ_ACROSS_WEIGHTS) on the matrix's dev split by coordinate ascent. The objective is how well the pages
 * read across columns come out in reading order, judged against their gold text: the share of line junctions
 * (last word of a laid-out line, first word of the next) that are word pairs of the gold (0.7), and the share of
 * word pairs inside laid-out lines that are (0.3). A page of any other condition that comes out with more than
 * one column costs 0.05. Dev pages only: the blind split is never read.
 *
 * Run: `npx tsx bench/segment/fit-read-across.ts [--rounds N] [--keys a,b,c]` (prints each step and the weights
 * found; it changes no file: copy the weights into READ_ACROSS_WEIGHTS by hand and check the dev matrix).
 */
import { resourcesOrNull } from '../language-resources.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  READ_ACROSS_WEIGHTS,
  type ReadAcrossWeights,
} from '../../functions/core/align/segment/read-across.ts';
import { layOutLines } from '../../functions/core/align/segment/reading-order.ts';
import type { SegmentOptions } from '../../functions/core/align/segment/segment-lines.ts';
import { toSourceLines } from '../../functions/core/align/segment/segment-lines.ts';
import type { PageGold } from '../matrix/generate.ts';

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

interface Page {
  text: string;
  pairs: Set<string>;
  vocabulary: Set<string>;
  options: SegmentOptions;
  readAcross: boolean;
}

/** How well a page comes out in reading order, and how many of its pages were read as several columns. */
export function orderAgreement(page: Page): { junctions: number; inside: number; multiColumn: boolean } {
  const { lines, pages } = layOutLines(toSourceLines(page.text), page.options).laidOut;
  const words = lines.map((l) => wordsOf(l.text)).filter((w) => w.length);
  const known = (a: string, b: string) => page.vocabulary.has(a) && page.vocabulary.has(b);
  let joined = 0;
  let joinedRight = 0;
  let inside = 0;
  let insideRight = 0;
  words.forEach((line, i) => {
    for (let k = 1; k < line.length; k++) {
      if (!known(line[k - 1]!, line[k]!)) continue;
      inside++;
      if (page.pairs.has(`${line[k - 1]} ${line[k]}`)) insideRight++;
    }
    const next = words[i + 1];
    if (!next || !known(line.at(-1)!, next[0]!)) return;
    joined++;
    if (page.pairs.has(`${line.at(-1)} ${next[0]}`)) joinedRight++;
  });
  return {
    junctions: joinedRight / Math.max(1, joined),
    inside: insideRight / Math.max(1, inside),
    multiColumn: pages.some((p) => p.layout.columns > 1),
  };
}

async function loadPages(): Promise<Page[]> {
  const root = join('bench', 'matrix', 'dev');
  const pages: Page[] = [];
  for (const condition of readdirSync(root)) {
    for (const name of readdirSync(join(root, condition)).filter((f) => f.endsWith('.gold.json'))) {
      const gold = JSON.parse(readFileSync(join(root, condition, name), 'utf8')) as PageGold;
      const language = await resourcesOrNull(gold.lang);
      const words = wordsOf(gold.text);
      pages.push({
        text: readFileSync(join(root, condition, name.replace(/\.gold\.json$/, '.txt')), 'utf8'),
        pairs: new Set(words.slice(1).map((w, i) => `${words[i]} ${w}`)),
        vocabulary: new Set(words),
        options: language
          ? { conjunctions: language.settings.conjunctions, isWord: (w) => language.lexicon.has(w) }
          : {},
        readAcross: condition.includes('read-across'),
      });
    }
  }
  return pages;
}

function objective(pages: readonly Page[]): { score: number; others: number } {
  let sum = 0;
  let count = 0;
  let others = 0;
  for (const page of pages) {
    const agreement = orderAgreement(page);
    if (page.readAcross) {
      sum += 0.7 * agreement.junctions + 0.3 * agreement.inside;
      count++;
    } else if (agreement.multiColumn) others++;
  }
  return { score: sum / Math.max(1, count) - 0.05 * others, others };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rounds: { type: 'string', default: '3' }, keys: { type: 'string' } },
  });
  const weights = READ_ACROSS_WEIGHTS as Record<keyof ReadAcrossWeights, number>;
  const keys = (values.keys?.split(',') ?? Object.keys(weights)) as Array<keyof ReadAcrossWeights>;
  const pages = await loadPages();
  let best = objective(pages);
  console.log(`start ${best.score.toFixed(4)} (other pages read as columns: ${best.others})`);
  // Shares move in steps of 0.05, costs by 40% of their value; the steps halve each round.
  const steps = new Map(
    keys.map((k) => [k, weights[k] < 2 && k.endsWith('Share') ? 0.05 : Math.max(0.2, weights[k] * 0.4)]),
  );
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const key of keys) {
      for (const direction of [1, -1]) {
        let moved = false;
        for (;;) {
          const was = weights[key];
          const next = Math.max(0, was + direction * steps.get(key)!);
          if (next === was) break;
          weights[key] = next;
          const tried = objective(pages);
          if (tried.score <= best.score + 0.002) {
            weights[key] = was;
            break;
          }
          best = tried;
          moved = true;
          console.log(`  ${key} = ${next.toFixed(3)}: ${tried.score.toFixed(4)} (others ${tried.others})`);
        }
        if (moved) break;
      }
    }
    for (const key of keys) steps.set(key, steps.get(key)! / 2);
    console.log(`round ${round + 1}: ${best.score.toFixed(4)}`);
  }
  console.log(JSON.stringify(weights, null, 1));
}

await main();
