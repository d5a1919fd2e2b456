import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './fixtures/seeded-random.ts';
import {
  languageMismatchReason,
  notLanguageReason,
  textShape,
} from '../functions/core/editions/text-gate.ts';

const sv = readFileSync('corpus/charters/integrating-cities/editions/sv.txt', 'utf8');

/** Random bytes in 0x20-0xFF decoded as Windows-1252: what binary read as Latin-1 looks like. */
function latin1Noise(length: number, seed: number): string {
  const random = seededRandom(seed);
  const bytes = Uint8Array.from({ length }, () => 0x20 + Math.floor(random() * 0xe0));
  return new TextDecoder('windows-1252').decode(bytes);
}

describe('notLanguageReason', () => {
  it('passes an OCR edition and rejects random bytes read as Latin-1', () => {
    expect(notLanguageReason(sv)).toBeNull();
    expect(textShape(sv).wordShare).toBeGreaterThan(0.8);
    for (const seed of [1, 2, 3]) {
      expect(notLanguageReason(latin1Noise(4000, seed), 'x.txt')).toMatch(/x.txt does not read as text/);
    }
  });
});

describe('languageMismatchReason', () => {
  it('names both languages when the identifier names another one', () => {
    expect(languageMismatchReason('da', { lang: 'sv' }, 0.6, 'a.txt')).toMatch(
      /declared 'da' but reads as 'sv'/,
    );
  });
  it('rejects a text the declared lexicon hardly knows, and accepts one it knows or too short to tell', () => {
    expect(languageMismatchReason('sv', { lang: null, reason: 'no-lexicon-fits' }, 0.1)).toMatch(/only 10%/);
    expect(languageMismatchReason('sv', { lang: null, reason: 'no-lexicon-fits' }, 0.6)).toBeNull();
    expect(languageMismatchReason('sv', { lang: null, reason: 'too-short' }, 0)).toBeNull();
    expect(languageMismatchReason('sv', { lang: 'sv' }, 0.9)).toBeNull();
  });
});
