import { describe, expect, it } from 'vitest';
import { compileFrequencyList, readCompiledFrequencyList } from './compiled-frequency.ts';
import { indexFrequencyList, parseFrequencyList, splitFrequencyList } from './frequency-list.ts';

const compiled = (text: string) => {
  const lines = splitFrequencyList(text);
  return readCompiledFrequencyList(compileFrequencyList(lines, indexFrequencyList(lines)));
};

describe('compiled frequency lists', () => {
  const text = 'och 50\nFör 7\nför 3\nzebra 9\nångest 2\n\nbroken\nzero 0\nœuvre 4\nsist 1\nÅngest 1\nä 6';

  it('answer every count, the total and the words as the text list does', () => {
    const fromText = parseFrequencyList(text);
    const list = compiled(text);
    for (const word of ['och', 'för', 'FÖR', 'För', 'zebra', 'ångest', 'Ångest', 'œuvre', 'ä', 'Ä', 'sist']) {
      expect(list.count(word), word).toBe(fromText.count(word));
    }
    for (const word of ['broken', 'zero', 'oc', 'ochs', 'a', '', 'zz', 'ånges'])
      expect(list.count(word)).toBe(0);
    expect(list.count('för')).toBe(10);
    expect(list.total).toBe(fromText.total);
    expect(list.words).toEqual(fromText.words);
  });

  it('finds every word of a larger list, in any alphabet', () => {
    const words = Array.from(
      { length: 500 },
      (_, i) => `${String.fromCodePoint(0x61 + (i % 26), 0xe0 + (i % 31), 0x3b1 + (i % 20))}${i}`,
    );
    const list = compiled(words.map((word, i) => `${word} ${1000 - i}`).join('\n'));
    for (const [i, word] of words.entries()) expect(list.count(word), word).toBe(1000 - i);
    expect(list.words).toEqual(words);
  });

  it('gives the most frequent words without decoding the others, as the text list lists them', () => {
    const fromText = parseFrequencyList(text);
    for (const count of [0, 1, 3, fromText.words.length, fromText.words.length + 5]) {
      const list = compiled(text);
      expect(list.top!(count), String(count)).toEqual(fromText.words.slice(0, count));
      // and the same once every word has been decoded
      void list.words;
      expect(list.top!(count)).toEqual(fromText.words.slice(0, count));
    }
    expect(compiled('').top!(3)).toEqual([]);
  });

  it('reads an empty list and refuses bytes that are not a compiled list', () => {
    const empty = compiled('');
    expect([empty.total, empty.words, empty.count('a')]).toEqual([0, [], 0]);
    expect(() => readCompiledFrequencyList(new TextEncoder().encode('och 50\nför 7\n'))).toThrow(
      /not a compiled/,
    );
  });
});
