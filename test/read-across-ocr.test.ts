import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layOutLines } from '../functions/core/align/segment/reading-order.ts';
import { toSourceLines } from '../functions/core/align/segment/segment-lines.ts';

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Share of the laid-out line junctions (last word, next line's first word) that are word pairs of the gold. */
function junctionAgreement(file: string): { columns: number[]; agreement: number } {
  const text = readFileSync(`${file}.txt`, 'utf8');
  const gold = wordsOf(JSON.parse(readFileSync(`${file}.gold.json`, 'utf8')).text as string);
  const pairs = new Set(gold.slice(1).map((w, i) => `${gold[i]} ${w}`));
  const { lines, pages } = layOutLines(toSourceLines(text)).laidOut;
  const words = lines.map((l) => wordsOf(l.text)).filter((w) => w.length);
  let right = 0;
  for (let i = 1; i < words.length; i++) if (pairs.has(`${words[i - 1]!.at(-1)} ${words[i]![0]}`)) right++;
  return { columns: pages.map((p) => p.layout.columns), agreement: right / Math.max(1, words.length - 1) };
}

describe('pages of proportional type read across by Tesseract', () => {
  // A page of the condition matrix's dev split (tuned on): three ragged columns of DejaVu Sans printed at true
  // size, read by `tesseract --psm 6`: character counts only approximate the columns' widths.
  it('reads three ragged columns as three columns, in order', () => {
    const page = junctionAgreement('bench/matrix/dev/three-column-read-across/udhr-sv-psm6-true-nospace-s1');
    expect(page.columns).toEqual([3]);
    expect(page.agreement).toBeGreaterThan(0.5);
  });
});
