/**
 * Word-error reduction and harm of the cleaner on held-out OCR pages (bench/ocrfix/pages, made by
 * `nice -n 10 python3 bench/ocrfix/render-and-ocr.py`), plus the zero-change check on clean texts.
 *
 * Tokens are white-space separated words with their punctuation (so specks and stray marks count),
 * quotes and dashes folded to one form. Raw and cleaned tokens are each aligned to the printed text
 * by edit distance: word errors = substitutions + insertions + deletions. Reduction = 1 - cleaned
 * errors / raw errors. Harm = printed words that the raw OCR had right and the cleaned text has wrong,
 * as a share of all printed words.
 *
 * Run: `npx tsx bench/ocrfix/evaluate.ts [--verbose] [--out FILE]` (writes bench/ocrfix/report.md).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { loadConfusionModel, loadLanguage } from '../../functions/adapters/resources/index.ts';
import { cleanText } from '../../functions/core/text/clean-text.ts';
import { tokens } from './tokens.ts';

const root = new URL('../../', import.meta.url);
const pagesDir = new URL('bench/ocrfix/pages/', root);
const verbose = process.argv.includes('--verbose');
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1]! : 'bench/ocrfix/report.md';

/** For each reference token, the index of the equal hypothesis token it is aligned with (or -1); and the edit count. */
export function align(reference: string[], hypothesis: string[]): { matched: Int32Array; errors: number } {
  const n = reference.length;
  const m = hypothesis.length;
  const width = m + 1;
  const cost = new Uint32Array((n + 1) * width);
  for (let j = 0; j <= m; j++) cost[j] = j;
  for (let i = 1; i <= n; i++) {
    cost[i * width] = i;
    for (let j = 1; j <= m; j++) {
      const same = reference[i - 1] === hypothesis[j - 1] ? 0 : 1;
      cost[i * width + j] = Math.min(
        cost[(i - 1) * width + j - 1]! + same,
        cost[(i - 1) * width + j]! + 1,
        cost[i * width + j - 1]! + 1,
      );
    }
  }
  const matched = new Int32Array(n).fill(-1);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const here = cost[i * width + j]!;
    const same = reference[i - 1] === hypothesis[j - 1] ? 0 : 1;
    if (here === cost[(i - 1) * width + j - 1]! + same) {
      if (same === 0) matched[i - 1] = j - 1;
      i--;
      j--;
    } else if (here === cost[(i - 1) * width + j]! + 1) i--;
    else j--;
  }
  return { matched, errors: cost[n * width + m]! };
}

/**
 * Printed words the OCR lost in runs of three or more (a line Tesseract skipped): no cleaner can
 * restore them, so they are reported apart and left out of the reduction.
 */
export function lostRuns(reference: string[], rawMatched: Int32Array, rawTokens: string[]): number {
  // A printed word is lost when neither it nor its neighbours have any OCR token between them.
  let lost = 0;
  let run = 0;
  let lastMatched = -1;
  for (let i = 0; i <= reference.length; i++) {
    const at = i < reference.length ? rawMatched[i]! : rawTokens.length;
    if (at < 0) {
      run++;
      continue;
    }
    // A run of unmatched printed words with no OCR tokens in between was skipped, not misread.
    if (run >= 3 && at - lastMatched - 1 === 0) lost += run;
    run = 0;
    lastMatched = at;
  }
  return lost;
}

interface PageScore {
  page: string;
  lang: string;
  kind: string;
  words: number;
  rawErrors: number;
  cleanErrors: number;
  /** Printed words in runs the OCR skipped (counted in both error figures above). */
  lost: number;
  harmed: number;
  harmExamples: string[];
  leftExamples: string[];
  unknownMarked: number;
}

function context(tokensOf: string[], at: number): string {
  return tokensOf.slice(Math.max(0, at - 2), at + 3).join(' ');
}

async function scorePage(name: string): Promise<PageScore | string> {
  const [source, lang, kind] = name.replace(/\.txt$/u, '').split('.') as [string, string, string];
  let resources: Awaited<ReturnType<typeof loadLanguage>>;
  try {
    resources = await loadLanguage(lang);
  } catch {
    return `${name}: no lexicon for ${lang} on this branch`;
  }
  const confusions = await loadConfusionModel();
  const raw = await readFile(new URL(name, pagesDir), 'utf8');
  const gold = await readFile(new URL(`${source}.${lang}.gold.txt`, pagesDir), 'utf8');
  const cleaned = await cleanText(raw, { resources, confusions });
  const reference = tokens(gold);
  const rawTokens = tokens(raw);
  const cleanTokens = tokens(cleaned.text);
  const rawAlign = align(reference, rawTokens);
  const cleanAlign = align(reference, cleanTokens);
  const harmExamples: string[] = [];
  const leftExamples: string[] = [];
  let harmed = 0;
  for (let i = 0; i < reference.length; i++) {
    const before = rawAlign.matched[i]!;
    const after = cleanAlign.matched[i]!;
    if (before >= 0 && after < 0) {
      harmed++;
      harmExamples.push(`${reference[i]} (${context(reference, i)})`);
    }
    if (after < 0 && leftExamples.length < 400) leftExamples.push(reference[i]!);
  }
  return {
    page: name,
    lang,
    kind,
    words: reference.length,
    rawErrors: rawAlign.errors,
    lost: lostRuns(reference, rawAlign.matched, rawTokens),
    cleanErrors: cleanAlign.errors,
    harmed,
    harmExamples,
    leftExamples,
    unknownMarked: cleaned.marks?.length ?? 0,
  };
}

/** Clean texts: the reviewed editions, which must come out with no word changed. */
async function cleanTextChanges(): Promise<{ name: string; changed: string[] }[]> {
  const results: { name: string; changed: string[] }[] = [];
  const charterDir = new URL('corpus/charters/', root);
  for (const charter of await readdir(charterDir, { withFileTypes: true })) {
    if (!charter.isDirectory()) continue;
    const reviewedDir = new URL(`${charter.name}/reviewed/`, charterDir);
    for (const file of await readdir(reviewedDir).catch(() => [])) {
      const lang = file.replace(/\.json$/u, '');
      let resources: Awaited<ReturnType<typeof loadLanguage>>;
      try {
        resources = await loadLanguage(lang);
      } catch {
        continue;
      }
      const reviewed = JSON.parse(await readFile(new URL(file, reviewedDir), 'utf8')) as {
        clauses: Record<string, string>;
      };
      const text = Object.values(reviewed.clauses).join('\n\n');
      const cleaned = await cleanText(text, { resources, confusions: await loadConfusionModel() });
      const reference = tokens(text);
      const { matched } = align(reference, tokens(cleaned.text));
      const changed = reference.filter((_, i) => matched[i]! < 0);
      results.push({ name: `${charter.name}/reviewed/${file}`, changed });
    }
  }
  // The printed texts of the held-out pages are clean prose too (other sources, other languages).
  for (const name of (await readdir(pagesDir)).filter((n) => n.endsWith('.gold.txt')).sort()) {
    const lang = name.split('.')[1]!;
    let resources: Awaited<ReturnType<typeof loadLanguage>>;
    try {
      resources = await loadLanguage(lang);
    } catch {
      continue;
    }
    const text = await readFile(new URL(name, pagesDir), 'utf8');
    const cleaned = await cleanText(text, { resources, confusions: await loadConfusionModel() });
    const reference = tokens(text);
    const { matched } = align(reference, tokens(cleaned.text));
    results.push({
      name: `bench/ocrfix/pages/${name}`,
      changed: reference.filter((_, i) => matched[i]! < 0),
    });
  }
  return results;
}

const KIND_NAMES: Record<string, string> = {
  eng: 'diacritic loss (English model)',
  native: 'native model, fair scan',
  'native-lowq': 'native model, low-quality scan',
};
const TARGETS: Record<string, number> = { eng: 0.85, native: 0.6, 'native-lowq': 0.6 };

async function main() {
  const names = (await readdir(pagesDir))
    .filter((n) => n.endsWith('.txt') && !n.endsWith('.gold.txt'))
    .sort();
  const scores: PageScore[] = [];
  const skipped: string[] = [];
  for (const name of names) {
    const score = await scorePage(name);
    if (typeof score === 'string') skipped.push(score);
    else {
      scores.push(score);
      process.stderr.write(
        `${name}: raw ${score.rawErrors} clean ${score.cleanErrors} lost ${score.lost} harm ${score.harmed}/${score.words}\n`,
      );
      if (verbose) {
        process.stderr.write(`  harm: ${score.harmExamples.join(' | ')}\n`);
        process.stderr.write(`  left: ${score.leftExamples.slice(0, 120).join(' ')}\n`);
      }
    }
  }
  const clean = await cleanTextChanges();
  const lines: string[] = [
    '# OCR cleaning on held-out pages',
    '',
    'Generated by `npx tsx bench/ocrfix/evaluate.ts` from the pages in `bench/ocrfix/pages/` (made by',
    '`nice -n 10 python3 bench/ocrfix/render-and-ocr.py`: charter editions and UDHR texts printed in Liberation Serif,',
    'damaged and read with Tesseract 5 `--psm 4`). Word errors are token edits (words with their punctuation)',
    'against the printed text. Reduction = 1 - cleaned errors / raw errors; harm = printed words right in',
    'the OCR output and wrong after cleaning, over all printed words.',
    '',
    'Page kinds: `eng` = a Scandinavian text read with the English model (diacritics lost or misread);',
    "`native` = the language's own model on a fair scan (70 %, light blur and noise); `native-lowq` = own",
    'model on a poor scan (66 %, blur 1.0, noise 0.6, 0.3 degree skew). Before these changes (commit 6806ea1):',
    'see `report-before-6806ea1.md` (same pages, same command).',
    '',
    '## Per page kind',
    '',
    'Words of lines the OCR skipped (runs of 3+ printed words with no OCR token) are in both error counts; the',
    '"reduction" column leaves them out (no cleaner can restore them), "reduction incl. lost" does not.',
    '',
    '| page kind | pages | words | raw errors | cleaned errors | lost words | reduction | reduction incl. lost | target | harm | words marked unknown |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const kind of Object.keys(KIND_NAMES)) {
    const of = scores.filter((s) => s.kind === kind);
    if (of.length === 0) continue;
    const sum = (f: (s: PageScore) => number) => of.reduce((total, s) => total + f(s), 0);
    const words = sum((s) => s.words);
    const raw = sum((s) => s.rawErrors);
    const cleaned = sum((s) => s.cleanErrors);
    const lost = sum((s) => s.lost);
    lines.push(
      `| ${KIND_NAMES[kind]} | ${of.length} | ${words} | ${raw} | ${cleaned} | ${lost} | ${(1 - (cleaned - lost) / (raw - lost)).toFixed(3)} | ${(1 - cleaned / raw).toFixed(3)} | ${TARGETS[kind]} | ${((100 * sum((s) => s.harmed)) / words).toFixed(2)}% | ${sum((s) => s.unknownMarked)} |`,
    );
  }
  lines.push(
    '',
    '## Per page',
    '',
    '| page | words | raw errors | cleaned errors | lost words | reduction | harmed words |',
    '|---|---|---|---|---|---|---|',
  );
  for (const s of scores) {
    lines.push(
      `| ${s.page} | ${s.words} | ${s.rawErrors} | ${s.cleanErrors} | ${s.lost} | ${(1 - (s.cleanErrors - s.lost) / Math.max(1, s.rawErrors - s.lost)).toFixed(3)} | ${s.harmed} |`,
    );
  }
  if (skipped.length > 0) lines.push('', 'Not scored:', '', ...skipped.map((s) => `- ${s}`));
  lines.push(
    '',
    '## Clean texts (must get zero word changes)',
    '',
    '| text | words changed | examples |',
    '|---|---|---|',
  );
  for (const c of clean)
    lines.push(`| ${c.name} | ${c.changed.length} | ${c.changed.slice(0, 8).join(', ')} |`);
  lines.push('', '## Harmed words (all pages)', '');
  for (const s of scores)
    if (s.harmed > 0) lines.push(`- ${s.page}: ${s.harmExamples.slice(0, 12).join('; ')}`);
  await writeFile(new URL(out, root), `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.slice(8, 8 + 9).join('\n')}\n`);
}

await main();
