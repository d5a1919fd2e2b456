/**
 * Divergence flags on the corpus editions as the product ingests them; writes bench/divergence/corpus-flags.md.
 * Run: `npx tsx bench/divergence/corpus-flags.ts`.
 *
 * Each raw edition (corpus/charters/<charter>/editions/<lang>.txt) is cleaned and aligned by `alignCleaned` with
 * the reviewed editions of the other languages as references (as bench/evaluate-align.ts does), turned into the
 * detector's input with `editionFromAlignment` (clause texts, confidences, residue placed after its clause, the
 * language's lexicon), and all editions go through `detectDivergences` together.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadDivergenceThresholds } from '../../functions/adapters/resources/divergence-thresholds.ts';
import { detectDivergences, editionFromAlignment } from '../../functions/core/diverge/index.ts';
import type { DivergenceFinding } from '../../functions/core/reviews/types.ts';
import { type AlignContext, alignText, editionText, loadAlignContext } from '../align-corpus.ts';

/** Aligns the given texts (language -> raw text) as the product does and runs the detector on them. */
export function findingsOnTexts(context: AlignContext, texts: Record<string, string>): DivergenceFinding[] {
  const editions = Object.entries(texts).map(([lang, text]) => {
    const result = alignText(context, text, lang, 'other');
    const lexicon = context.resources.get(lang)?.lexicon;
    return editionFromAlignment(result, lexicon ? (word) => lexicon.has(word) : undefined);
  });
  return detectDivergences({ structure: context.structure, editions }, loadDivergenceThresholds());
}

/** Aligns every corpus edition of `charter` and runs the detector on them. */
export async function corpusFindings(charter = 'integrating-cities'): Promise<{
  findings: DivergenceFinding[];
  langs: string[];
  clauses: number;
  context: AlignContext;
}> {
  const context = await loadAlignContext(charter);
  const langs = context.reviewed.map((e) => e.lang);
  const findings = findingsOnTexts(
    context,
    Object.fromEntries(langs.map((l) => [l, editionText(l, charter)])),
  );
  return { findings, langs, clauses: context.structure.clauses.length, context };
}

/** Held-out OCR runs of the reviewed editions (bench/holdout), one set per way they were made. */
const OCR_SETS: Record<string, Record<string, string>> = {
  'one column, English OCR model (diacritics lost)': {
    sv: 'sv.tesseract-eng.txt',
    nb: 'nb.tesseract-eng.txt',
    da: 'da.tesseract-eng.txt',
  },
  "one column, the language's own OCR model": {
    sv: 'sv.tesseract-swe.txt',
    nb: 'nb.tesseract-nor.txt',
    da: 'da.tesseract-dan.txt',
  },
  'two columns read across': {
    sv: 'sv.two-column.tesseract-eng.txt',
    nb: 'nb.two-column.tesseract-nor.txt',
    da: 'da.two-column.tesseract-dan.txt',
  },
};

const pairsOf = (findings: readonly DivergenceFinding[]) =>
  new Set(findings.flatMap((f) => f.langs.map((l) => `${f.clause}|${l}`)));

/**
 * Flags raised on the held-out OCR runs that the reviewed texts they were printed from do not raise: what OCR
 * damage and alignment errors add to the queue.
 */
function ocrSection(context: AlignContext, clauses: number): string[] {
  const reviewed = findingsOnReviewed(context);
  const clean = pairsOf(reviewed);
  const out = [
    '## Held-out OCR runs of the reviewed editions',
    '',
    "The reviewed editions re-printed and OCR'd (`bench/holdout/`, never used to develop the detector), aligned and",
    `checked the same way. The reviewed texts themselves raise flags on ${clean.size} of ${clauses * 3} pairs (the genuine`,
    'divergences); listed here is what each OCR run adds: damage and alignment errors a reviewer would see.',
    '',
  ];
  for (const [name, files] of Object.entries(OCR_SETS)) {
    const texts = Object.fromEntries(
      Object.entries(files).map(([lang, file]) => [
        lang,
        readFileSync(fileURLToPath(new URL(`../holdout/${file}`, import.meta.url)), 'utf8'),
      ]),
    );
    const findings = findingsOnTexts(context, texts);
    const added = findings.filter((f) => f.langs.some((l) => !clean.has(`${f.clause}|${l}`)));
    const addedPairs = [...pairsOf(added)].filter((p) => !clean.has(p));
    out.push(
      `### ${name}`,
      '',
      `${addedPairs.length} more pairs flagged (${(addedPairs.length / (clauses * 3)).toFixed(3)} of all pairs), ${findings.length} findings in all.`,
      '',
    );
    for (const f of added)
      out.push(`- \`${f.clause}\` ${f.langs.join(', ')} **${f.kind}** (${f.severity}): ${cell(f.reason)}`);
    out.push('');
  }
  return out;
}

function findingsOnReviewed(context: AlignContext): DivergenceFinding[] {
  const editions = context.reviewed.map((e) => {
    const lexicon = context.resources.get(e.lang)?.lexicon;
    return {
      lang: e.lang,
      clauses: Object.fromEntries(
        Object.entries(e.clauses).map(([id, text]) => [id, { text, confidence: 1 }]),
      ),
      isWord: lexicon ? (word: string) => lexicon.has(word) : undefined,
    };
  });
  return detectDivergences({ structure: context.structure, editions }, loadDivergenceThresholds());
}

const cell = (s: string) => s.replace(/\|/g, '\\|');

const KINDS: Record<string, string> = {
  'missing-clause': 'the clause is absent here while other editions have it',
  'number-mismatch':
    'numbers written with digits differ from the majority (with two editions, both are named)',
  'name-mismatch':
    'acronyms, capitalised words the lexicon does not know as common words (names, English titles) differ; a name counts as present when any word of the other text matches it loosely (inflection, local spelling)',
  'list-structure': 'the lead-in of a list has a different number of bullets here',
  'meaning-drift':
    'the clause matches its counterparts far less than the pair usually does, repeats another clause, or reads like another clause exchanged with it',
  'length-outlier': "the clause's length ratio to the other editions is far outside the pair's usual ratio",
  'unaligned-residue': 'text that belongs to no clause and reads like running text, not page furniture',
  'low-confidence': 'the aligner placed the clause with low confidence',
  'low-quality':
    'the stored text reads poorly in its language (words the lexicon does not know, OCR damage left in it)',
};

const NOTES_MARK = '<!-- notes: kept when the report is regenerated -->';

async function main(): Promise<void> {
  const { findings, langs, clauses, context } = await corpusFindings();
  const out: string[] = ['# Divergence flags on the corpus editions', ''];
  out.push(
    `Generated by \`npx tsx bench/divergence/corpus-flags.ts\` (${new Date().toISOString().slice(0, 10)}).`,
    '',
    `The raw editions ${langs.map((l) => `\`editions/${l}.txt\``).join(', ')} of integrating-cities, cleaned and aligned by`,
    '`alignCleaned` (references: the reviewed editions of the other languages), converted by `editionFromAlignment`',
    "(with each language's lexicon), then `detectDivergences` with `data/divergence-thresholds.json`.",
    '',
    `${findings.length} findings on ${new Set(findings.flatMap((f) => f.langs.map((l) => `${f.clause}|${l}`))).size} of ${clauses * langs.length} clause-language pairs.`,
    '',
    '| clause | langs | kind | severity | reason | actual | expected |',
    '|---|---|---|---|---|---|---|',
  );
  for (const f of findings) {
    out.push(
      `| \`${f.clause}\` | ${f.langs.join(', ')} | ${f.kind} | ${f.severity} | ${cell(f.reason)} | ${cell(f.evidence.actual.join('; '))} | ${cell(f.evidence.expected.join('; '))} |`,
    );
  }
  out.push('', '## Kinds', '');
  for (const kind of new Set(findings.map((f) => f.kind))) out.push(`- **${kind}**: ${KINDS[kind] ?? ''}.`);
  out.push('', ...ocrSection(context, clauses));
  const file = fileURLToPath(new URL('./corpus-flags.md', import.meta.url));
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const notes = previous.includes(NOTES_MARK)
    ? previous.slice(previous.indexOf(NOTES_MARK))
    : `${NOTES_MARK}\n`;
  out.push('', notes.trimEnd());
  writeFileSync(file, `${out.join('\n')}\n`);
  for (const f of findings)
    process.stdout.write(`${f.clause} ${f.langs.join(',')} ${f.kind} ${f.severity}: ${f.reason}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
