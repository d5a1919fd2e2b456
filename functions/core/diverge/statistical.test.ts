import { describe, expect, it } from 'vitest';
import type { DivergenceFinding } from '../reviews/types.ts';
import { detectDivergences } from './index.ts';
import { editionOf, structureOf, testThresholds } from './test-fixtures.ts';

// Three made-up related "languages": one base text of pseudo-words, spelled differently per language, with a
// little seeded noise (a word dropped or doubled here and there), so that pairs have a usual level to learn.
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(7);
const syllables = ['ka', 'lo', 'mi', 'ter', 'sun', 'da', 'vel', 'ri', 'on', 'bas', 'tu', 'gem', 'fal', 'nor'];
const word = () =>
  Array.from(
    { length: 1 + Math.floor(rand() * 3) },
    () => syllables[Math.floor(rand() * syllables.length)],
  ).join('');
const sentence = (n: number) => {
  const ws = Array.from({ length: n }, word);
  return `${ws.join(' ')}.`;
};

const rows: [string, 'heading' | 'paragraph' | 'bullet', string?][] = [
  ['title', 'heading'],
  ['p1', 'paragraph'],
  ['p2', 'paragraph'],
  ['p3', 'paragraph'],
  ['p4', 'paragraph'],
  ['list', 'paragraph'],
  ['list.1', 'bullet', 'list'],
  ['list.2', 'bullet', 'list'],
  ['list.3', 'bullet', 'list'],
  ['list.4', 'bullet', 'list'],
  ['p5', 'paragraph'],
  ['p6', 'paragraph'],
  ['p7', 'paragraph'],
  ['p8', 'paragraph'],
];
const structure = structureOf(rows);
const sizes = [3, 40, 55, 30, 62, 4, 12, 15, 10, 14, 45, 35, 50, 28];
const base: Record<string, string> = Object.fromEntries(
  rows.map(([id], i) => {
    const n = sizes[i]!;
    const text = n > 20 ? `${sentence(Math.floor(n / 2))} ${sentence(n - Math.floor(n / 2))}` : sentence(n);
    return [id, text];
  }),
);

const spellings: Record<string, (w: string) => string> = {
  aa: (w) => w,
  bb: (w) => w.replace(/a/g, 'e').replace(/^k/, 'ch'),
  cc: (w) => w.replace(/o/g, 'u').replace(/k/g, 'c'),
};

// Words ending a sentence are kept, so every edition has the same sentences.
function translate(lang: string, text: string, noise: () => number): string {
  const out: string[] = [];
  for (const w of text.split(' ')) {
    const r = noise();
    if (r < 0.03 && !w.endsWith('.')) continue;
    out.push(w.replace(/\p{L}+/gu, spellings[lang]!));
    if (r > 0.98) out.push(w.replace(/\p{L}+/gu, spellings[lang]!).replace('.', ''));
  }
  return out.join(' ');
}

function editions(): Record<string, Record<string, string>> {
  const noise = random(11);
  return Object.fromEntries(
    Object.keys(spellings).map((lang) => [
      lang,
      Object.fromEntries(Object.entries(base).map(([id, text]) => [id, translate(lang, text, noise)])),
    ]),
  );
}

function detect(texts: Record<string, Record<string, string>>): DivergenceFinding[] {
  return detectDivergences(
    { structure, editions: Object.entries(texts).map(([lang, t]) => editionOf(lang, t)) },
    testThresholds,
  );
}

const flagged = (findings: DivergenceFinding[], kind: string) =>
  findings.filter((f) => f.kind === kind).map((f) => `${f.clause}:${f.langs.join('+')}`);

describe('statistical checks on related made-up languages', () => {
  it('flags nothing on the untouched editions', () => {
    expect(detect(editions())).toEqual([]);
  });

  it('flags a truncated clause as a length outlier in that edition only', () => {
    const texts = editions();
    const words = texts.bb!.p4!.split(' ');
    texts.bb!.p4 = `${words.slice(0, Math.round(words.length * 0.4)).join(' ')}.`;
    expect(flagged(detect(texts), 'length-outlier')).toEqual(['p4:bb']);
  });

  it('flags a clause cut mid-sentence with a milder shortfall', () => {
    const texts = editions();
    const words = texts.cc!.p2!.split(' ');
    texts.cc!.p2 = words.slice(0, Math.round(words.length * 0.7)).join(' ');
    const closed = editions();
    closed.cc!.p2 = `${words.slice(0, Math.round(words.length * 0.7)).join(' ')}.`;
    expect(flagged(detect(texts), 'length-outlier')).toEqual(['p2:cc']);
    expect(flagged(detect(closed), 'length-outlier')).toEqual([]);
  });

  it('flags two exchanged bullets, and only them', () => {
    const texts = editions();
    [texts.cc!['list.1'], texts.cc!['list.3']] = [texts.cc!['list.3']!, texts.cc!['list.1']!];
    expect(flagged(detect(texts), 'meaning-drift').sort()).toEqual(['list.1:cc', 'list.3:cc']);
  });

  it('flags a clause replaced by a reworded copy of another', () => {
    const texts = editions();
    const words = texts.aa!.p6!.split(' ').filter((_, i) => i % 5 !== 2);
    texts.aa!.p7 = words.reverse().join(' ');
    expect(flagged(detect(texts), 'meaning-drift')).toContain('p7:aa');
    expect(flagged(detect(texts), 'meaning-drift')).not.toContain('p6:aa');
  });

  it('flags a sentence copied into another clause where it was added, not where it came from', () => {
    const texts = editions();
    const copied = texts.bb!.p2!.split('. ')[1]!;
    texts.bb!.p5 = `${texts.bb!.p5} ${copied}`;
    const all = detect(texts);
    const found = all.filter((f) => f.kind === 'meaning-drift');
    expect(found.map((f) => `${f.clause}:${f.langs}`)).toEqual(['p5:bb']);
    expect(found[0]!.reason).toMatch(/repeats \d+ words of p2/);
  });

  it('flags a short whole sentence copied between sentences of another clause', () => {
    const texts = editions();
    const [first, second] = texts.cc!.p3!.split('. ');
    texts.cc!.p3 = `${first}. ${texts.cc!.list} ${second}`;
    const found = detect(texts).filter((f) => f.kind === 'meaning-drift');
    expect(found.map((f) => `${f.clause}:${f.langs}`)).toEqual(['p3:cc']);
    expect(found[0]!.reason).toMatch(/repeats \d+ words of list,/);
  });

  it('does not flag a passage every edition repeats', () => {
    const texts = editions();
    for (const lang of Object.keys(texts)) {
      texts[lang]!.p8 = `${texts[lang]!.p8} ${texts[lang]!.p1!.split('. ')[0]}.`;
      texts[lang]!.p3 = `${texts[lang]!.p3} ${texts[lang]!.p1!.split('. ')[0]}.`;
    }
    expect(flagged(detect(texts), 'meaning-drift')).toEqual([]);
  });
});
