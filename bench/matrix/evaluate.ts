/**
 * Scores the condition matrix the way the product runs: each page is cleaned (`cleanEdition`: put in reading order, then `cleanText`) and aligned
 * (`alignCleaned`) with its language's resources (a language without them is aligned with its text uncleaned),
 * against the reviewed editions of the gold's `references` languages (never the page's own language).
 *
 *   npx tsx bench/matrix/evaluate.ts [--split dev|tune|blind|blind2] [--out FILE] [--only condition[,condition]]
 *
 * Writes bench/matrix/report-<split>.md unless --out is given. The blind splits are scored only by the lead, at the end.
 */
import { resourcesOrNull } from '../language-resources.ts';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import { alignCleaned } from '../../functions/core/pipeline/process-edition-text.ts';
import type { CharterStructure, ReviewedEdition } from '../../functions/core/structure/types.ts';
import { cleanEdition } from '../../functions/core/pipeline/process-edition-text.ts';
import { decodeBytes } from '../../functions/core/text/decode-bytes/index.ts';
import type { ConfusionModel } from '../../functions/core/text/types.ts';
import { clauseF1 } from '../f1.ts';
import { CONDITIONS } from './conditions.ts';
import type { PageGold } from './generate.ts';
import {
  type CalibrationBin,
  type CleaningScore,
  type ConfidencePoint,
  calibrationBins,
  cleaningScore,
  confidentWrongShare,
  summariseCleaning,
} from './metrics.ts';
import { languageGroup } from './sources.ts';

/** One scored page. */
export interface PageRow {
  file: string;
  condition: string;
  charter: string;
  lang: string;
  group: string;
  references: string[];
  f1: number;
  precision: number;
  recall: number;
  points: ConfidencePoint[];
  clean: CleaningScore;
  /** False when the language has no resources (aligned and scored uncleaned). */
  cleaned: boolean;
  ms: number;
}

const GROUPS = ['Scandinavian', 'English', 'German/French'] as const;

interface Loaded {
  structure: CharterStructure;
  reviewed: ReviewedEdition[];
}

/** Scores every page of a split. */
export async function scoreSplit(
  split: string,
  log: (line: string) => void = () => {},
  only?: readonly string[],
): Promise<PageRow[]> {
  const root = join('bench', 'matrix', split);
  const charters = new Map<string, Loaded>();
  const confusions: ConfusionModel = await loadConfusionModel();
  const rows: PageRow[] = [];
  const conditions = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && (!only || only.includes(d.name)))
    .map((d) => d.name);
  for (const condition of conditions) {
    const dir = join(root, condition);
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.gold.json'))
      .sort()) {
      const gold = JSON.parse(readFileSync(join(dir, name), 'utf8')) as PageGold;
      const textFile = join(dir, name.replace(/\.gold\.json$/, '.txt'));
      const text = decodeBytes(new Uint8Array(readFileSync(textFile)), textFile).text;
      let loaded = charters.get(gold.charter);
      if (!loaded) {
        const structure = loadCharterStructure(gold.charter);
        loaded = { structure, reviewed: loadReviewedEditions(structure) };
        charters.set(gold.charter, loaded);
      }
      const references = loaded.reviewed.filter(
        (e) => gold.references.includes(e.lang) && e.lang !== gold.lang,
      );
      const langResources = await resourcesOrNull(gold.lang);
      const started = performance.now();
      const result = alignCleaned(text, {
        structure: loaded.structure,
        references,
        lang: gold.lang,
        resources: langResources,
        confusions,
      });
      const ms = performance.now() - started;
      const predicted = Object.fromEntries(result.clauses.map((c) => [c.id, c.text]));
      const score = clauseF1(predicted, gold.clauses);
      const matched = new Map(score.outcomes.map((o) => [o.id, o.matched]));
      const cleanedText = langResources
        ? (await cleanEdition(text, { resources: langResources, confusions })).text
        : text;
      const row: PageRow = {
        file: `${condition}/${name.replace(/\.gold\.json$/, '')}`,
        condition: gold.condition,
        charter: gold.charter,
        lang: gold.lang,
        group: languageGroup(gold.lang),
        references: gold.references,
        f1: score.f1,
        precision: score.precision,
        recall: score.recall,
        points: result.clauses.map((c) => ({
          confidence: c.confidence,
          correct: matched.get(c.id) ?? false,
        })),
        clean: cleaningScore(gold.text, text, cleanedText),
        cleaned: langResources !== null,
        ms,
      };
      rows.push(row);
      log(`${row.file} F1 ${row.f1.toFixed(3)} (${ms.toFixed(0)} ms)`);
    }
  }
  return rows;
}

const f3 = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(3);
const pct = (x: number | null | undefined, digits = 1) =>
  x === null || x === undefined ? '-' : `${(x * 100).toFixed(digits)}%`;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** Per-condition aggregate. */
export interface ConditionSummary {
  condition: string;
  pages: number;
  meanF1: number;
  groupF1: Record<string, number | null>;
  worst: PageRow;
  bins: CalibrationBin[];
  confident: number;
  confidentWrong: number | null;
  cleaning: ReturnType<typeof summariseCleaning>;
}

function summarise(condition: string, rows: PageRow[]): ConditionSummary {
  const points = rows.flatMap((r) => r.points);
  const groupF1 = Object.fromEntries(
    GROUPS.map((g) => [g, mean(rows.filter((r) => r.group === g).map((r) => r.f1))]),
  );
  return {
    condition,
    pages: rows.length,
    meanF1: mean(rows.map((r) => r.f1)) ?? 0,
    groupF1,
    worst: rows.reduce((a, b) => (b.f1 < a.f1 ? b : a)),
    bins: calibrationBins(points),
    confident: points.filter((p) => p.confidence >= 0.9).length,
    confidentWrong: confidentWrongShare(points),
    cleaning: summariseCleaning(rows.map((r) => r.clean)),
  };
}

function conditionOrder(rows: PageRow[]): string[] {
  const known = CONDITIONS.map((c) => c.name);
  const present = [...new Set(rows.map((r) => r.condition))];
  return [...known.filter((c) => present.includes(c)), ...present.filter((c) => !known.includes(c))];
}

/** The markdown report of a scored split. */
export function renderReport(split: string, rows: PageRow[]): string {
  const summaries = conditionOrder(rows).map((c) =>
    summarise(
      c,
      rows.filter((r) => r.condition === c),
    ),
  );
  const worstF1 = summaries.reduce((a, b) => (b.meanF1 < a.meanF1 ? b : a));
  const worstConfident = summaries.reduce((a, b) =>
    (b.confidentWrong ?? 0) > (a.confidentWrong ?? 0) ? b : a,
  );
  const all = summarise('all', rows);
  const scandinavian = summaries.map((s) => s.groupF1.Scandinavian).filter((x): x is number => x !== null);
  const abridgedEnglish = rows.filter(
    (r) =>
      r.condition === 'abridged' &&
      r.charter === 'integrating-cities' &&
      r.lang === 'en' &&
      /-keep\d+-/.test(r.file),
  );
  const byCondition = (name: string) => summaries.find((s) => s.condition === name);
  const lines = [
    `# Condition matrix: ${split} split`,
    '',
    `Generated by \`npx tsx bench/matrix/evaluate.ts --split ${split}\` from the pages in \`bench/matrix/${split}/\` (made by`,
    '`bench/matrix/generate.ts`; see bench/matrix/README.md). Each page is cleaned and aligned as the product does it',
    "(`cleanEdition`, `alignCleaned`), with the reviewed editions of the gold's reference languages only. A clause counts",
    'when its text matches the reviewed text with folded character similarity >= 0.8 (bench/f1.ts).',
    '',
    '## Headline: the worst condition',
    '',
    `- Lowest mean clause F1: **${worstF1.condition}**, ${f3(worstF1.meanF1)} over ${worstF1.pages} pages (worst page ${worstF1.worst.file}, F1 ${f3(worstF1.worst.f1)}).`,
    `- Highest share of clauses at >= 0.9 confidence that are wrong: **${worstConfident.condition}**, ${pct(worstConfident.confidentWrong)} of ${worstConfident.confident}.`,
    `- Lowest Scandinavian mean F1 of any condition: ${f3(scandinavian.length ? Math.min(...scandinavian) : null)}.`,
    `- For reference only (not the headline): mean F1 over all ${rows.length} pages ${f3(all.meanF1)}; ${pct(all.confidentWrong)} of ${all.confident} clauses at >= 0.9 confidence wrong.`,
    '',
    '## Alignment per condition',
    '',
    '| condition | pages | mean F1 | Scandinavian | English | German/French | worst page | worst F1 | clauses >= 0.9 | of them wrong |',
    '|---|---:|---:|---:|---:|---:|---|---:|---:|---:|',
    ...summaries.map(
      (s) =>
        `| ${s.condition} | ${s.pages} | ${f3(s.meanF1)} | ${f3(s.groupF1.Scandinavian)} | ${f3(s.groupF1.English)} | ${f3(s.groupF1['German/French'])} | ${s.worst.file.split('/')[1]} | ${f3(s.worst.f1)} | ${s.confident} | ${pct(s.confidentWrong)} |`,
    ),
    '',
    '## Mean F1 per charter',
    '',
    '| condition | integrating-cities | udhr |',
    '|---|---:|---:|',
    ...summaries.map((s) => {
      const of = (charter: string) =>
        mean(rows.filter((r) => r.condition === s.condition && r.charter === charter).map((r) => r.f1));
      return `| ${s.condition} | ${f3(of('integrating-cities'))} | ${f3(of('udhr'))} |`;
    }),
    '',
    '## Confidence calibration per condition',
    '',
    'Count of aligned clauses and the share of them that matched, per confidence bin.',
    '',
    '| condition | 0-0.5 | 0.5-0.8 | 0.8-0.9 | 0.9-1 |',
    '|---|---:|---:|---:|---:|',
    ...[...summaries, all].map(
      (s) =>
        `| ${s.condition} | ${s.bins.map((b) => `${b.count} (${b.accuracy === null ? '-' : pct(b.accuracy, 0)})`).join(' | ')} |`,
    ),
    '',
    '## Cleaning per condition',
    '',
    'Word-error rate (word-level Levenshtein against the gold text; list marks at line starts dropped, quote and dash',
    'glyphs folded) of the raw page text and of the text `cleanEdition` makes of it (in reading order); reduction = 1 - cleaned errors / raw',
    'errors; harm = gold words right in the raw text and wrong after cleaning (by their aligned position), as a share',
    'of all gold words; on pages read across columns it also counts words the reading order moved, still spelt right.',
    'broken = the same counted order-free (gold words the raw text holds and the cleaned text no longer does, per',
    'word form): the words cleaning broke. Pages in a language without resources are not cleaned (cleaned = raw) and',
    'are counted as such.',
    '',
    '| condition | raw WER | cleaned WER | reduction | harm | broken | reduction Scandinavian | English | German/French | uncleaned pages |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...[...summaries, all].map((s) => {
      const subset = s.condition === 'all' ? rows : rows.filter((r) => r.condition === s.condition);
      const group = (g: string) => {
        const scores = subset.filter((r) => r.group === g).map((r) => r.clean);
        return scores.length ? f3(summariseCleaning(scores).reduction) : '-';
      };
      return `| ${s.condition} | ${pct(s.cleaning.rawWer)} | ${pct(s.cleaning.cleanedWer)} | ${f3(s.cleaning.reduction)} | ${pct(s.cleaning.harm, 2)} | ${pct(s.cleaning.brokenShare, 2)} | ${group('Scandinavian')} | ${group('English')} | ${group('German/French')} | ${subset.filter((r) => !r.cleaned).length} |`;
    }),
    '',
    '## Targets of issues 10 and 11',
    '',
    '| target | figure | met |',
    '|---|---:|---|',
    `| every condition's Scandinavian mean F1 >= 0.9 (lowest) | ${f3(scandinavian.length ? Math.min(...scandinavian) : null)} | ${scandinavian.every((x) => x >= 0.9) ? 'yes' : 'no'} |`,
    `| abridged English integrating-cities (about 19 of 42 clauses, Scandinavian references) mean F1 >= 0.85 | ${f3(mean(abridgedEnglish.map((r) => r.f1)))} | ${(mean(abridgedEnglish.map((r) => r.f1)) ?? 0) >= 0.85 ? 'yes' : 'no'} |`,
    `| clauses at >= 0.9 confidence wrong <= 2% (all pages) | ${pct(all.confidentWrong)} | ${(all.confidentWrong ?? 0) <= 0.02 ? 'yes' : 'no'} |`,
    `| word-error reduction >= 0.85 on diacritic-loss pages (english-model) | ${f3(byCondition('english-model')?.cleaning.reduction)} | ${(byCondition('english-model')?.cleaning.reduction ?? 0) >= 0.85 ? 'yes' : 'no'} |`,
    `| word-error reduction >= 0.6 on native-model scans (low-quality-scan) | ${f3(byCondition('low-quality-scan')?.cleaning.reduction)} | ${(byCondition('low-quality-scan')?.cleaning.reduction ?? 0) >= 0.6 ? 'yes' : 'no'} |`,
    `| harm <= 0.2% of words (all pages; by position, counts words the reading order moved) | ${pct(all.cleaning.harm, 2)} | ${all.cleaning.harm <= 0.002 ? 'yes' : 'no'} |`,
    `| words broken by cleaning <= 0.2% of words (all pages; order-free) | ${pct(all.cleaning.brokenShare, 2)} | ${all.cleaning.brokenShare <= 0.002 ? 'yes' : 'no'} |`,
    '',
    '## Pages',
    '',
    '| page | refs | F1 | precision | recall | >= 0.9 wrong | raw WER | cleaned WER | align ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const wrong = r.points.filter((p) => p.confidence >= 0.9 && !p.correct).length;
      const confident = r.points.filter((p) => p.confidence >= 0.9).length;
      return `| ${r.file} | ${r.references.join(',')} | ${f3(r.f1)} | ${f3(r.precision)} | ${f3(r.recall)} | ${wrong}/${confident} | ${pct(r.clean.rawErrors / r.clean.goldWords)} | ${pct(r.clean.cleanedErrors / r.clean.goldWords)}${r.cleaned ? '' : ' (uncleaned)'} | ${r.ms.toFixed(0)} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { split: { type: 'string', default: 'dev' }, out: { type: 'string' }, only: { type: 'string' } },
  });
  const split = values.split!;
  const rows = await scoreSplit(split, (line) => process.stderr.write(`${line}\n`), values.only?.split(','));
  const report = renderReport(split, rows);
  const out = values.out ?? join('bench', 'matrix', `report-${split}.md`);
  writeFileSync(out, report);
  process.stderr.write(`wrote ${out}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
