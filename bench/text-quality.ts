/**
 * Does the text quality score track real OCR damage? On the corpus editions and the held-out OCR runs
 * (bench/holdout, not its blind folder), each edition is aligned as the pipeline does it, with and without the
 * cleaner, and every aligned clause's quality is set against its word correctness: the share of its words
 * (lower-cased, diacritics kept) that the reviewed text of the same clause has. Clauses placed on the wrong
 * clause (less than half their words in the reviewed text) are left out: they say nothing about OCR damage.
 * Run: `npx tsx bench/text-quality.ts` (writes bench/text-quality-report.md).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDivergenceThresholds } from '../functions/adapters/resources/divergence-thresholds.ts';
import { loadLanguage } from '../functions/adapters/resources/index.ts';
import { alignCleaned, clauseQuality } from '../functions/core/pipeline/process-edition-text.ts';
import { type AlignContext, alignText, editionText, loadAlignContext } from './align-corpus.ts';

const HOLDOUT = 'bench/holdout';
/** A clause whose words are right below this share is damaged; the low-quality flag should catch it. */
const DAMAGED = 0.8;

interface ClausePoint {
  file: string;
  id: string;
  quality: number;
  correctness: number;
  unknownWords: string[];
}

interface EditionRow {
  file: string;
  lang: string;
  clauses: number;
  rawQuality: number;
  quality: number;
  correctness: number;
  flagged: number;
  points: ClausePoint[];
  /** The same, on the clause texts aligned without the cleaner. */
  rawPoints: ClausePoint[];
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => /\p{L}/u.test(w));
}

/** Share of `text`'s words found in `reference` (as a multiset). */
function correctness(text: string, reference: string): number {
  const bag = new Map<string, number>();
  for (const w of words(reference)) bag.set(w, (bag.get(w) ?? 0) + 1);
  const found = words(text);
  let right = 0;
  for (const w of found) {
    const left = bag.get(w) ?? 0;
    if (left > 0) {
      right++;
      bag.set(w, left - 1);
    }
  }
  return found.length ? right / found.length : 1;
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '');
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

/** Spearman rank correlation (average ranks for ties). */
function spearman(xs: number[], ys: number[]): number {
  const rank = (values: number[]) => {
    const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const ranks = new Array<number>(values.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) ranks[order[k]![1]] = (i + j) / 2;
      i = j + 1;
    }
    return ranks;
  };
  const rx = rank(xs);
  const ry = rank(ys);
  const mx = mean(rx);
  const my = mean(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < rx.length; i++) {
    num += (rx[i]! - mx) * (ry[i]! - my);
    dx += (rx[i]! - mx) ** 2;
    dy += (ry[i]! - my) ** 2;
  }
  return num / Math.sqrt(dx * dy);
}

function rate(
  context: AlignContext,
  file: string,
  lang: string,
  text: string,
  reviewed: Record<string, string>,
  limit: number,
): EditionRow {
  const resources = context.resources.get(lang)!;
  const cleaned = alignText(context, text, lang, 'other');
  const quality = clauseQuality(cleaned, resources)!;
  const raw = alignCleaned(text, {
    structure: context.structure,
    references: context.reviewed.filter((e) => e.lang !== lang),
    lang,
    resources: null,
  });
  const rawQuality = clauseQuality(raw, resources)!;
  const pointsOf = (clauses: typeof cleaned.clauses, rated: typeof quality) => {
    const points: ClausePoint[] = [];
    for (const clause of clauses) {
      const reference = reviewed[clause.id];
      if (!reference) continue;
      // Placed on the wrong clause? Judged with diacritics folded, so OCR that lost them is not taken for it.
      if (correctness(fold(clause.text), fold(reference)) < 0.5) continue;
      const right = correctness(clause.text, reference);
      const rating = rated[clause.id]!;
      points.push({
        file,
        id: clause.id,
        quality: rating.score,
        correctness: right,
        unknownWords: rating.unknownWords,
      });
    }
    return points;
  };
  const points = pointsOf(cleaned.clauses, quality);
  const rawPoints = pointsOf(raw.clauses, rawQuality);
  return {
    file,
    lang,
    clauses: points.length,
    rawQuality: mean(Object.values(rawQuality).map((q) => q.score)),
    quality: mean(points.map((p) => p.quality)),
    correctness: mean(points.map((p) => p.correctness)),
    flagged: points.filter((p) => p.quality < limit).length,
    points,
    rawPoints,
  };
}

async function main() {
  const context = await loadAlignContext();
  context.resources.set('en', await loadLanguage('en'));
  const limit = loadDivergenceThresholds().lowQuality;
  const reviewedOf = (lang: string): Record<string, string> =>
    context.reviewed.find((e) => e.lang === lang)?.clauses ??
    (lang === 'en'
      ? (
          JSON.parse(readFileSync(join(HOLDOUT, 'english', 'reviewed.json'), 'utf8')) as {
            clauses: Record<string, string>;
          }
        ).clauses
      : {});
  const rows: EditionRow[] = [];
  for (const lang of ['da', 'nb', 'sv']) {
    rows.push(rate(context, `corpus ${lang}.txt`, lang, editionText(lang), reviewedOf(lang), limit));
  }
  const files = [
    ...readdirSync(HOLDOUT)
      .filter((n) => n.endsWith('.txt'))
      .map((n) => ({ name: n, path: join(HOLDOUT, n), lang: n.split('.')[0]! })),
    ...readdirSync(join(HOLDOUT, 'english'))
      .filter((n) => n.endsWith('.txt'))
      .map((n) => ({ name: `english/${n}`, path: join(HOLDOUT, 'english', n), lang: 'en' })),
  ].sort((a, b) => a.name.localeCompare(b.name));
  for (const file of files) {
    process.stderr.write(`${file.name}\n`);
    rows.push(
      rate(context, file.name, file.lang, readFileSync(file.path, 'utf8'), reviewedOf(file.lang), limit),
    );
  }

  const all = rows.flatMap((r) => r.points);
  const damaged = all.filter((p) => p.correctness < DAMAGED);
  const flagged = all.filter((p) => p.quality < limit);
  const caught = damaged.filter((p) => p.quality < limit).length;
  const rightlyFlagged = flagged.filter((p) => p.correctness < 0.9).length;
  const clean = all.filter((p) => p.correctness === 1);
  const raw = rows.flatMap((r) => r.rawPoints);
  const rawDamaged = raw.filter((p) => p.correctness < DAMAGED);
  const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : '-');
  const report = [
    '# Text quality against real OCR damage',
    '',
    'Generated by `npx tsx bench/text-quality.ts`. Each edition is aligned as the pipeline does it (references: the',
    'reviewed editions of the other languages); `quality` is each clause text quality after cleaning',
    '(functions/core/text/text-quality), `raw` the same score on the clause texts aligned without the cleaner.',
    "`correct` is the share of a clause's words that the reviewed text of that clause has (lower case, diacritics",
    'kept). Clauses with under half their words in the reviewed clause (placed on the wrong clause) are left out.',
    `\`flagged\` counts clauses below the low-quality limit (${limit}, data/divergence-thresholds.json).`,
    '',
    '| edition | clauses | raw quality | quality | correct | flagged |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.file} | ${r.clauses} | ${fmt(r.rawQuality)} | ${fmt(r.quality)} | ${fmt(r.correctness)} | ${r.flagged} |`,
    ),
    '',
    `Over all ${all.length} clauses:`,
    '',
    `- Spearman correlation of quality with word correctness: ${fmt(
      spearman(
        all.map((p) => p.quality),
        all.map((p) => p.correctness),
      ),
    )}`,
    `- clauses with every word right: mean quality ${fmt(mean(clean.map((p) => p.quality)))}, ${clean.filter((p) => p.quality < limit).length} of ${clean.length} flagged`,
    `- damaged clauses (correct < ${DAMAGED}): ${damaged.length}; flagged ${caught} (recall ${fmt(caught / damaged.length)}), mean quality ${fmt(mean(damaged.map((p) => p.quality)))}`,
    `- flagged clauses: ${flagged.length}; of them ${rightlyFlagged} have under 90% of their words right (precision ${fmt(rightlyFlagged / flagged.length)})`,
    '',
    `Before cleaning (${raw.length} clauses, the same score on the raw OCR clause texts):`,
    '',
    `- Spearman correlation of quality with word correctness: ${fmt(
      spearman(
        raw.map((p) => p.quality),
        raw.map((p) => p.correctness),
      ),
    )}`,
    `- damaged clauses (correct < ${DAMAGED}): ${rawDamaged.length}; flagged ${rawDamaged.filter((p) => p.quality < limit).length} (recall ${fmt(rawDamaged.filter((p) => p.quality < limit).length / rawDamaged.length)}); clauses flagged with every word right: ${raw.filter((p) => p.correctness === 1 && p.quality < limit).length} of ${raw.filter((p) => p.correctness === 1).length}`,
    '',
    'Damaged clauses after cleaning (correct < 0.8): the quality sees words that are not words of the language;',
    'a wrong word that is a real word (Swedish "vara" for "våra") or text of a neighbouring clause reads well.',
    '',
    '| edition | clause | quality | correct | unknown words |',
    '|---|---|---:|---:|---|',
    ...damaged.map(
      (p) =>
        `| ${p.file} | ${p.id} | ${fmt(p.quality)} | ${fmt(p.correctness)} | ${p.unknownWords.join(', ')} |`,
    ),
    '',
  ].join('\n');
  writeFileSync('bench/text-quality-report.md', report);
  process.stdout.write(report);
}

await main();
