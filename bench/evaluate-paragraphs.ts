/**
 * How well `cleanText` rebuilds paragraphs: for each clause of the reviewed transcription, is its
 * text found in one output paragraph (whole), or spread over several (split)? And how many output
 * paragraphs hold more than one clause (merged)? Words are compared folded (lower case, no
 * diacritics) and as bags, so OCR damage the cleaner did not repair does not count as a layout error.
 * Run: `npx tsx bench/evaluate-paragraphs.ts` (writes bench/paragraphs-report.md).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfusionModel, loadLanguage } from '../functions/adapters/resources/index.ts';
import { cleanText } from '../functions/core/text/clean-text.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Share of a clause's words that must sit in one paragraph for the clause to count as whole. */
const WHOLE = 0.8;

interface Case {
  file: string;
  lang: string;
  reviewed: string;
}

const corpus = (lang: string): Case => ({
  file: `corpus/charters/integrating-cities/editions/${lang}.txt`,
  lang,
  reviewed: `corpus/charters/integrating-cities/reviewed/${lang}.json`,
});
const holdout = (name: string, lang: string, reviewed: string): Case => ({
  file: `bench/holdout/${name}`,
  lang,
  reviewed,
});
const cases: Case[] = [
  corpus('sv'),
  corpus('nb'),
  corpus('da'),
  ...['sv.tesseract-swe.txt', 'sv.tesseract-eng.txt'].map((f) => holdout(f, 'sv', corpus('sv').reviewed)),
  ...['nb.tesseract-nor.txt', 'nb.tesseract-eng.txt', 'nb.bullets.tesseract-eng.txt'].map((f) =>
    holdout(f, 'nb', corpus('nb').reviewed),
  ),
  ...['da.tesseract-dan.txt', 'da.tesseract-eng.txt'].map((f) => holdout(f, 'da', corpus('da').reviewed)),
  holdout('english/en.bullets.tesseract-eng.txt', 'en', 'bench/holdout/english/reviewed.json'),
];

function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

function bag(list: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of list) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

/** Share of `clause`'s words (as a bag) found in `paragraph`. */
function covered(clause: Map<string, number>, size: number, paragraph: Map<string, number>): number {
  let found = 0;
  for (const [word, count] of clause) found += Math.min(count, paragraph.get(word) ?? 0);
  return size === 0 ? 0 : found / size;
}

async function evaluate(item: Case) {
  const reviewed = JSON.parse(readFileSync(`${root}/${item.reviewed}`, 'utf8')) as {
    clauses: Record<string, string>;
  };
  const [resources, confusions] = await Promise.all([loadLanguage(item.lang), loadConfusionModel()]);
  const result = await cleanText(readFileSync(`${root}/${item.file}`, 'utf8'), { resources, confusions });
  const paragraphs = result.text.split('\n\n').map((p) => bag(words(p)));
  const sizes = result.text.split('\n\n').map((p) => words(p).length);
  const clauses = Object.entries(reviewed.clauses)
    .map(([id, text]) => ({ id, words: words(text) }))
    .filter((clause) => clause.words.length >= 3);
  let whole = 0;
  const split: string[] = [];
  const holders = new Map<number, string[]>();
  for (const clause of clauses) {
    const counts = bag(clause.words);
    const shares = paragraphs.map((p) => covered(counts, clause.words.length, p));
    const top = Math.max(...shares);
    // Among the paragraphs that cover the clause as well, the shortest: a title's words recur in the text.
    const best = shares.reduce(
      (chosen, share, i) => (share >= top - 0.01 && sizes[i]! < sizes[chosen]! ? i : chosen),
      shares.indexOf(top),
    );
    if (shares[best]! >= WHOLE) {
      whole++;
      holders.set(best, [...(holders.get(best) ?? []), clause.id]);
    } else split.push(clause.id);
  }
  const merged = [...holders.values()].filter((ids) => ids.length > 1);
  return { item, clauses: clauses.length, paragraphs: paragraphs.length, whole, split, merged };
}

const rows: string[] = [];
const details: string[] = [];
for (const item of cases) {
  if (!existsSync(`${root}/${item.file}`)) continue;
  const r = await evaluate(item);
  rows.push(
    `| ${item.file.replace(/^.*\//u, '')} | ${r.clauses} | ${r.paragraphs} | ${r.whole} (${((100 * r.whole) / r.clauses).toFixed(0)}%) | ${r.split.length} | ${r.merged.length} |`,
  );
  details.push(
    `- **${item.file.replace(/^.*\//u, '')}**: split ${r.split.join(', ') || '-'}; merged ${r.merged.map((ids) => ids.join(' + ')).join('; ') || '-'}`,
  );
}

const report = [
  '# Paragraph reconstruction',
  '',
  'Produced by `npx tsx bench/evaluate-paragraphs.ts`: each edition through `cleanText` (with its',
  `lexicon and the OCR model); a reviewed clause of 3+ words is *whole* when ${WHOLE * 100}% of its words (folded,`,
  'as a bag) sit in one output paragraph, *split* otherwise; *merged* counts paragraphs holding two or more',
  'whole clauses. Seed editions are the corpus files (the Swedish and Norwegian ones are two-column OCR read',
  'across the columns, which no paragraph rule can undo: the aligner splits columns); the others are the',
  'held-out single-column OCR runs (bench/holdout).',
  '',
  '| edition | clauses | paragraphs | whole | split | merged |',
  '|---|---:|---:|---:|---:|---:|',
  ...rows,
  '',
  ...details,
  '',
].join('\n');
writeFileSync(`${root}/bench/paragraphs-report.md`, report);
process.stdout.write(`${report}\n`);
