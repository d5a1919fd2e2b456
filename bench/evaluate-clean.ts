/**
 * Word recall of raw vs cleaned editions against their reviewed transcriptions.
 * Run: `npx tsx bench/evaluate-clean.ts` (writes bench/clean-report.md).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadConfusionModel, loadLanguage } from '../functions/adapters/resources/index.ts';
import { cleanEdition } from '../functions/core/pipeline/process-edition-text.ts';
import { damage, PROSE } from '../functions/core/text/retext-fix-ocr/prose.fixture.ts';

const root = new URL('../', import.meta.url);
const charterDir = new URL('corpus/charters/integrating-cities/', root);

/** Case-insensitive bag of words: runs of letters and digits. */
export function wordBag(text: string): Map<string, number> {
  const bag = new Map<string, number>();
  for (const word of text
    .normalize('NFC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu) ?? []) {
    bag.set(word, (bag.get(word) ?? 0) + 1);
  }
  return bag;
}

function size(bag: Map<string, number>): number {
  let total = 0;
  for (const count of bag.values()) total += count;
  return total;
}

function intersect(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, count] of a) {
    const other = b.get(word) ?? 0;
    if (other > 0) out.set(word, Math.min(count, other));
  }
  return out;
}

function subtract(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, count] of a) {
    const left = count - (b.get(word) ?? 0);
    if (left > 0) out.set(word, left);
  }
  return out;
}

/** Reviewed transcription of an edition as one text: every clause, then the residue. */
export async function reviewedText(lang: string, file?: URL): Promise<string> {
  const source = file ?? new URL(`reviewed/${lang}.json`, charterDir);
  const reviewed = JSON.parse(await readFile(source, 'utf8')) as {
    clauses: Record<string, string>;
    residue?: string[];
  };
  return [...Object.values(reviewed.clauses), ...(reviewed.residue ?? [])].join('\n\n');
}

/** Raw edition text as received. */
export async function rawText(lang: string): Promise<string> {
  return readFile(new URL(`editions/${lang}.txt`, charterDir), 'utf8');
}

/** One change the cleaner made. */
export interface EvaluatedChange {
  actual: string;
  expected: string;
  ruleId: string;
  source: string;
}

/** Cleans a text of a known language with the product's pipeline (normalise, dehyphenate, fix OCR, paragraphs). */
export async function clean(
  text: string,
  lang: string,
): Promise<{ text: string; changes: EvaluatedChange[] }> {
  const [resources, confusions] = await Promise.all([loadLanguage(lang), loadConfusionModel()]);
  const result = await cleanEdition(text, { resources, confusions });
  return { text: result.text, changes: result.changes };
}

/** Recall figures of one edition. */
export interface EditionScore {
  lang: string;
  reviewedWords: number;
  rawRecall: number;
  cleanRecall: number;
  /** Words right in the raw text and missing after cleaning (over-corrections). */
  broken: number;
  brokenExamples: string[];
  /** Reviewed words still missing after cleaning. */
  missing: number;
  missingExamples: string[];
  /** Word corrections made (retext-fix-ocr). */
  changes: number;
  /** Word corrections whose result is not a reviewed word of the edition. */
  suspectChanges: number;
  suspectExamples: string[];
  /** CPU time of cleaning with resources loaded (ms, best of a few runs). */
  cleanMs: number;
  /** CPU time of loading resources in this process (ms; 0 when already cached). */
  loadMs: number;
}

function examples(bag: Map<string, number>, limit = 25): string[] {
  return [...bag]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([word, count]) => (count > 1 ? `${word} ×${count}` : word));
}

/** A held-out OCR run and the reviewed text it is scored against. */
export interface HoldoutFile {
  /** Path under bench/holdout/. */
  name: string;
  lang: string;
  /** A reviewed transcription beside the file (a language the corpus has none for), if any. */
  reviewed?: URL;
}

/**
 * Held-out OCR runs in bench/holdout (`<lang>.<how>.txt`, also one folder down with its own
 * `reviewed.json`): other OCR engines and layouts, and texts of other languages.
 */
export async function holdoutFiles(): Promise<HoldoutFile[]> {
  const base = new URL('bench/holdout/', root);
  const corpusReviewed = new Set(
    (await readdir(new URL('reviewed/', charterDir))).map((name) => name.replace(/\.json$/, '')),
  );
  const found: HoldoutFile[] = [];
  const scan = async (folder: string) => {
    const dir = new URL(folder, base);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const names = entries.map((entry) => entry.name);
    const beside = names.includes('reviewed.json') ? new URL('reviewed.json', dir) : undefined;
    for (const entry of entries.sort((x, y) => x.name.localeCompare(y.name))) {
      // blind/ is a split kept for the final evaluation: never scored while developing.
      if (entry.isDirectory() && folder === '' && entry.name !== 'blind') await scan(`${entry.name}/`);
      if (!entry.isFile() || !entry.name.endsWith('.txt')) continue;
      const lang = entry.name.split('.')[0]!;
      if (beside) found.push({ name: `${folder}${entry.name}`, lang, reviewed: beside });
      else if (corpusReviewed.has(lang)) found.push({ name: `${folder}${entry.name}`, lang });
    }
  };
  await scan('');
  return found;
}

/** CPU time of this process in ms: steadier than wall time on a shared machine. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Evaluates one edition: raw and cleaned word recall against its reviewed transcription. */
export async function evaluateEdition(
  lang: string,
  options: { runs?: number; holdout?: string; reviewed?: URL; cleanInput?: boolean } = {},
): Promise<EditionScore> {
  const runs = options.runs ?? 3;
  const reviewed = await reviewedText(lang, options.reviewed);
  const raw = options.cleanInput
    ? reviewed
    : options.holdout
      ? await readFile(new URL(`bench/holdout/${options.holdout}`, root), 'utf8')
      : await rawText(lang);
  const loadStart = cpuMs();
  await Promise.all([loadLanguage(lang), loadConfusionModel()]);
  const loadMs = cpuMs() - loadStart;
  let best = Number.POSITIVE_INFINITY;
  let result = await clean(raw, lang);
  for (let run = 0; run < runs; run++) {
    const started = cpuMs();
    result = await clean(raw, lang);
    best = Math.min(best, cpuMs() - started);
  }
  const reference = wordBag(reviewed);
  const rawBag = wordBag(raw);
  const cleanBag = wordBag(result.text);
  const reviewedWords = size(reference);
  const rawHits = intersect(rawBag, reference);
  const cleanHits = intersect(cleanBag, reference);
  const referenceWords = reference;
  const wordChanges = result.changes.filter((change) => change.source === 'retext-fix-ocr');
  const suspect = wordChanges.filter((change) => !referenceWords.has(change.expected.toLowerCase()));
  return {
    lang: options.cleanInput ? `${lang} (reviewed text as input)` : (options.holdout ?? lang),
    reviewedWords,
    rawRecall: size(rawHits) / reviewedWords,
    cleanRecall: size(cleanHits) / reviewedWords,
    broken: size(subtract(rawHits, cleanHits)),
    brokenExamples: examples(subtract(rawHits, cleanHits)),
    missing: size(subtract(reference, cleanHits)),
    missingExamples: examples(subtract(reference, cleanHits), 40),
    changes: wordChanges.length,
    suspectChanges: suspect.length,
    suspectExamples: suspect.slice(0, 25).map((c) => `${c.actual} → ${c.expected}`),
    cleanMs: best,
    loadMs,
  };
}

function percent(value: number): string {
  return value.toFixed(3);
}

/** Renders the scores as the committed markdown report. */
export function renderReport(scores: EditionScore[]): string {
  const lines = [
    '# Cleaning evaluation: word recall against the reviewed transcriptions',
    '',
    'Each text goes through the product pipeline (`cleanEdition`: reading order, then normalise, dehyphenate, retext-fix-ocr,',
    'paragraphs) with the language given. The seed editions are what the engine was developed on; the',
    'bench/holdout files are other OCR runs and layouts of the same texts (Tesseract 5 with the English or',
    'the language model, one or two columns) that it was only evaluated on, never tuned to.',
    '',
    'Produced by `npx tsx bench/evaluate-clean.ts`. Bag of words (runs of letters and digits,',
    'case-insensitive): recall = multiset intersection with the reviewed transcription (all clause',
    'texts + residue) / reviewed words. *Broken* = words right in the raw text and missing after',
    'cleaning; *word fixes* = corrections by retext-fix-ocr; *suspect* = those whose result is not a word of the reviewed\ntext.',
    '',
    '| edition | reviewed words | raw recall | cleaned recall | broken | still missing | word fixes | suspect | clean ms | load ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...scores.map(
      (s) =>
        `| ${s.lang} | ${s.reviewedWords} | ${percent(s.rawRecall)} | ${percent(s.cleanRecall)} | ${s.broken} | ${s.missing} | ${s.changes} | ${s.suspectChanges} | ${s.cleanMs.toFixed(0)} | ${s.loadMs.toFixed(0)} |`,
    ),
    '',
    '*clean ms*: CPU time of the whole pipeline, best of three runs, resources loaded (a fresh processor',
    'each run, so no cache carries over); *load ms*: CPU time of loading the dictionary (binary trie cache),',
    'frequency list and confusion model, first load in the process.',
    '',
  ];
  for (const s of scores) {
    lines.push(`## ${s.lang}`, '');
    lines.push(`- still missing: ${s.missingExamples.join(', ') || '-'}`);
    lines.push(`- broken by cleaning: ${s.brokenExamples.join(', ') || '-'}`);
    lines.push(`- suspect changes: ${s.suspectExamples.join(', ') || '-'}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Recall of `text` against `reference` (bag of words). */
function recallOf(text: string, reference: string): number {
  const bag = wordBag(reference);
  return size(intersect(wordBag(text), bag)) / size(bag);
}

/** Scores on prose written for the tests (not the charter), clean and damaged by seeded OCR-like noise. */
export interface ProseScore {
  lang: string;
  /** Words changed in the clean prose (each one is wrong). */
  cleanChanges: number;
  seeds: number;
  rawRecall: number;
  cleanRecall: number;
}

/** Cleans the test prose as written and damaged with several seeds; recall averaged over the seeds. */
export async function evaluateProse(lang: string, seeds = [1, 2, 3, 4, 5]): Promise<ProseScore> {
  const reference = PROSE[lang]!;
  const untouched = await clean(reference, lang);
  let raw = 0;
  let cleaned = 0;
  for (const seed of seeds) {
    const damaged = damage(reference, seed);
    raw += recallOf(damaged, reference);
    cleaned += recallOf((await clean(damaged, lang)).text, reference);
  }
  return {
    lang,
    cleanChanges: untouched.changes.filter((change) => change.source === 'retext-fix-ocr').length,
    seeds: seeds.length,
    rawRecall: raw / seeds.length,
    cleanRecall: cleaned / seeds.length,
  };
}

function renderProse(scores: ProseScore[]): string {
  return [
    '## Prose written for the tests',
    '',
    'Five sentences of municipal-report prose per language (functions/core/text/retext-fix-ocr/prose.fixture.ts),',
    'cleaned as written (every word change is an error) and after seeded OCR-like damage (80 % of å/ä/ö/æ/ø',
    'lose their diacritic, the rest partly become d, 6, é, &, g, @, ee; a few m -> rn, l -> 1), mean of 5 seeds.',
    '',
    '| language | changes to clean prose | damaged recall | cleaned recall |',
    '|---|---:|---:|---:|',
    ...scores.map(
      (s) => `| ${s.lang} | ${s.cleanChanges} | ${percent(s.rawRecall)} | ${percent(s.cleanRecall)} |`,
    ),
    '',
  ].join('\n');
}

async function main() {
  const scores: EditionScore[] = [];
  for (const lang of ['sv', 'nb', 'da']) scores.push(await evaluateEdition(lang));
  for (const lang of ['sv', 'nb', 'da']) scores.push(await evaluateEdition(lang, { cleanInput: true }));
  for (const { name, lang, reviewed } of await holdoutFiles()) {
    scores.push(await evaluateEdition(lang, { holdout: name, reviewed }));
  }
  const prose: ProseScore[] = [];
  for (const lang of Object.keys(PROSE)) prose.push(await evaluateProse(lang));
  const report = `${renderReport(scores)}\n${renderProse(prose)}`;
  await writeFile(new URL('bench/clean-report.md', root), report);
  process.stdout.write(report);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
