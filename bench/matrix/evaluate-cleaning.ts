/**
 * Cleaning only, on the condition matrix: the word-error figures of `evaluate.ts`'s cleaning table (same
 * `cleanEdition`, same `cleaningScore`) without the alignment, plus where the remaining errors and the harm
 * come from. Harm is split in two: words the reading order moved (the raw text read across columns, the
 * reading-order text not), and words the word-level cleaning itself broke (right in the reading-order text,
 * wrong after cleaning).
 *
 *   npx tsx bench/matrix/evaluate-cleaning.ts [--split dev|tune] [--only condition[,condition]] [--page substring]
 *     [--show residual|harm|broken] [--out FILE]
 *
 * The "lost by OCR" column counts gold words missing from the raw text in runs of three or more (lines the
 * OCR dropped); "reduction ceiling" is the reduction left possible once they stay lost. Never run on the
 * blind split except by the lead at the end.
 */
import { resourcesOrNull } from '../language-resources.ts';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import { readingOrderText } from '../../functions/core/align/segment/reading-order.ts';
import { cleanEdition } from '../../functions/core/pipeline/process-edition-text.ts';
import { decodeBytes } from '../../functions/core/text/decode-bytes/index.ts';
import type { LanguageResources } from '../../functions/core/text/types.ts';
import type { PageGold } from './generate.ts';
import {
  alignWords,
  brokenWords,
  type CleaningScore,
  cleaningScore,
  summariseCleaning,
  wordEditTable,
  wordTokens,
} from './metrics.ts';

/** One edit region of a word alignment: gold words and text words between two matches. */
export interface EditRegion {
  gold: string[];
  text: string[];
}

/** Edit regions of `text` against `gold` (word-level Levenshtein, matches preferred). */
export function editRegions(gold: readonly string[], text: readonly string[]): EditRegion[] {
  const { d, width } = wordEditTable(gold, text);
  const regions: EditRegion[] = [];
  let open: EditRegion | null = null;
  let i = gold.length;
  let j = text.length;
  const push = (g?: string, t?: string) => {
    if (!open) {
      open = { gold: [], text: [] };
      regions.push(open);
    }
    if (g !== undefined) open.gold.unshift(g);
    if (t !== undefined) open.text.unshift(t);
  };
  while (i > 0 || j > 0) {
    const here = d[i * width + j]!;
    if (i > 0 && j > 0) {
      const same = gold[i - 1] === text[j - 1];
      if (here === d[(i - 1) * width + j - 1]! + (same ? 0 : 1)) {
        if (same) open = null;
        else push(gold[i - 1], text[j - 1]);
        i--;
        j--;
        continue;
      }
    }
    if (i > 0 && here === d[(i - 1) * width + j]! + 1) {
      push(gold[i - 1]);
      i--;
    } else {
      push(undefined, text[j - 1]);
      j--;
    }
  }
  return regions.reverse();
}

const fold = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const letters = (w: string) => w.replace(/[^\p{L}\p{N}]/gu, '');

/** A rough class of one edit region, for the breakdown. */
export function classify(region: EditRegion, isWord: (w: string) => boolean): string {
  const { gold, text } = region;
  if (gold.length === 0)
    return text.every((t) => letters(t) === '') ? 'inserted speck/punctuation' : 'inserted word';
  if (text.length === 0) return 'deleted word';
  const g = gold.join('');
  const t = text.join('');
  if (gold.length === 1 && text.length > 1 && letters(t) === letters(g)) return 'split word';
  if (gold.length > 1 && text.length === 1 && letters(t) === letters(g)) return 'merged words';
  if (gold.length !== text.length) return 'mixed region';
  if (t === g.replace(/-/g, '') || g === t.replace(/-/g, '')) return 'hyphen lost/added';
  if (letters(t) === letters(g)) return 'punctuation/speck attached';
  if (t.toLowerCase() === g.toLowerCase()) return 'case';
  if (fold(letters(t)) === fold(letters(g))) return 'diacritic';
  const bare = text.map(letters);
  if (bare.every((w) => isWord(w) || isWord(w.toLowerCase()))) return 'real-word (lexicon word)';
  if (/rn|m|li|h|cl|d|1|l|0|o/.test(t) && /(rn.*m|m.*rn|li.*h|h.*li|cl.*d|d.*cl)/.test(`${t} ${g}`))
    return 'rn/m-type glyph';
  return 'non-word';
}

interface PageResult {
  file: string;
  condition: string;
  lang: string;
  score: CleaningScore;
  /** Gold words right in the reading-order text and wrong after cleaning. */
  cleaningHarm: number;
  /** Gold words broken (order-free) by the reading order, and by the cleaning of the reading-order text. */
  orderBroken: number;
  cleaningBroken: number;
  harmed: EditRegion[];
  residual: EditRegion[];
  /** Gold words the OCR lost whole (runs of {@link LOST_RUN} or more missing from the raw text): no cleaning brings them back. */
  lost: number;
  /** Gold word forms the reading-order text holds and the cleaned text no longer does (as many times). */
  broken: string[];
}

/** Fewest consecutive gold words missing from the raw text for them to count as a line the OCR lost. */
export const LOST_RUN = 3;

/** The word forms behind {@link brokenWords}: gold words `before` holds and `after` holds fewer times. */
export function brokenForms(gold: readonly string[], before: readonly string[], after: readonly string[]) {
  const bag = (words: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  };
  const [g, b, a] = [bag(gold), bag(before), bag(after)];
  const forms: string[] = [];
  for (const [word, count] of g) {
    const lost = Math.min(count, b.get(word) ?? 0) - Math.min(count, a.get(word) ?? 0);
    for (let k = 0; k < lost; k++) forms.push(word);
  }
  return forms;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      split: { type: 'string', default: 'dev' },
      only: { type: 'string' },
      page: { type: 'string' },
      show: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.split?.startsWith('blind')) throw new Error('the blind split is scored by the lead only');
  const root = join('bench', 'matrix', values.split!);
  const only = values.only?.split(',');
  const confusions = await loadConfusionModel();
  const cache = new Map<string, LanguageResources | null>();
  const results: PageResult[] = [];
  for (const condition of readdirSync(root).filter((c) => !only || only.includes(c))) {
    for (const name of readdirSync(join(root, condition))
      .filter((n) => n.endsWith('.gold.json'))
      .sort()) {
      const file = `${condition}/${name.replace(/\.gold\.json$/, '')}`;
      if (values.page && !file.includes(values.page)) continue;
      const gold = JSON.parse(readFileSync(join(root, condition, name), 'utf8')) as PageGold;
      const textFile = join(root, condition, name.replace(/\.gold\.json$/, '.txt'));
      const raw = decodeBytes(new Uint8Array(readFileSync(textFile)), textFile).text;
      const resources = await resourcesOrNull(gold.lang);
      cache.set(gold.lang, resources);
      const lexicon = resources?.lexicon;
      const ordered = resources
        ? readingOrderText(raw, {
            conjunctions: resources.settings.conjunctions,
            isWord: (w) => lexicon!.has(w),
          })
        : raw;
      const cleaned = resources ? (await cleanEdition(raw, { resources, confusions })).text : raw;
      const goldWords = wordTokens(gold.text);
      const before = alignWords(goldWords, wordTokens(ordered));
      const after = alignWords(goldWords, wordTokens(cleaned));
      let cleaningHarm = 0;
      for (let k = 0; k < goldWords.length; k++) if (before.correct[k] && !after.correct[k]) cleaningHarm++;
      const orderedRegions = editRegions(goldWords, wordTokens(ordered));
      const cleanedRegions = editRegions(goldWords, wordTokens(cleaned));
      const key = (r: EditRegion) => `${r.gold.join(' ')}\u0000${r.text.join(' ')}`;
      const orderedKeys = new Set(orderedRegions.map(key));
      results.push({
        file,
        condition,
        lang: gold.lang,
        score: cleaningScore(gold.text, raw, cleaned),
        cleaningHarm,
        orderBroken: brokenWords(goldWords, wordTokens(raw), wordTokens(ordered)),
        cleaningBroken: brokenWords(goldWords, wordTokens(ordered), wordTokens(cleaned)),
        harmed: cleanedRegions.filter((r) => !orderedKeys.has(key(r)) && r.gold.length > 0),
        residual: cleanedRegions,
        broken: brokenForms(goldWords, wordTokens(ordered), wordTokens(cleaned)),
        lost: orderedRegions
          .filter((r) => r.text.length === 0 && r.gold.length >= LOST_RUN)
          .reduce((t, r) => t + r.gold.length, 0),
      });
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');
  const isWordOf = (lang: string) => {
    const lexicon = cache.get(lang)?.lexicon;
    return (w: string) => lexicon?.has(w) ?? false;
  };
  const lines: string[] = [
    '| condition | pages | raw WER | cleaned WER | reduction | harm | cleaning harm | broken | by reading order | by cleaning | lost by OCR | reduction ceiling |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const conditions = [...new Set(results.map((r) => r.condition)), 'all'];
  for (const condition of conditions) {
    const rows = condition === 'all' ? results : results.filter((r) => r.condition === condition);
    const s = summariseCleaning(rows.map((r) => r.score));
    const words = rows.reduce((t, r) => t + r.score.goldWords, 0);
    const harm = rows.reduce((t, r) => t + r.cleaningHarm, 0);
    const rawErrors = rows.reduce((t, r) => t + r.score.rawErrors, 0);
    const lost = rows.reduce((t, r) => t + r.lost, 0);
    const share = (f: (r: PageResult) => number) =>
      `${((rows.reduce((t, r) => t + f(r), 0) / words) * 100).toFixed(2)}%`;
    lines.push(
      `| ${condition} | ${rows.length} | ${(s.rawWer * 100).toFixed(1)}% | ${(s.cleanedWer * 100).toFixed(1)}% | ${s.reduction?.toFixed(3) ?? '-'} | ${(s.harm * 100).toFixed(2)}% | ${((harm / words) * 100).toFixed(2)}% | ${(s.brokenShare * 100).toFixed(2)}% | ${share((r) => r.orderBroken)} | ${share((r) => r.cleaningBroken)} | ${share((r) => r.lost)} | ${rawErrors ? (1 - lost / rawErrors).toFixed(3) : '-'} |`,
    );
  }
  const breakdown = (pick: (r: PageResult) => EditRegion[], title: string, rows: PageResult[]) => {
    const counts = new Map<string, number>();
    for (const r of rows) {
      for (const region of pick(r)) {
        const c = classify(region, isWordOf(r.lang));
        counts.set(c, (counts.get(c) ?? 0) + Math.max(region.gold.length, region.text.length));
      }
    }
    lines.push('', `${title}:`, ...[...counts].sort((a, b) => b[1] - a[1]).map(([c, n]) => `  ${c}: ${n}`));
  };
  const lowQuality = results.filter((r) => r.condition === 'low-quality-scan');
  if (lowQuality.length)
    breakdown((r) => r.residual, 'residual errors on low-quality-scan (words)', lowQuality);
  breakdown((r) => r.harmed, 'cleaning harm regions, all pages (words)', results);
  if (values.show) {
    for (const r of results) {
      if (values.show === 'broken') {
        if (r.broken.length) lines.push(`${r.file}: ${r.broken.join(' | ')}`);
        continue;
      }
      const regions = values.show === 'harm' ? r.harmed : r.residual;
      if (!regions.length) continue;
      lines.push('', `## ${r.file}`);
      for (const region of regions) {
        lines.push(
          `  [${classify(region, isWordOf(r.lang))}] ${region.gold.join(' ')} => ${region.text.join(' ')}`,
        );
      }
    }
  }
  const report = `${lines.join('\n')}\n`;
  if (values.out) writeFileSync(values.out, report);
  else process.stdout.write(report);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
