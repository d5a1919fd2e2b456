import { retext } from 'retext';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { colonSpecks } from './punctuation.ts';

const lexicon = new Set([
  'denne',
  'prosessen',
  'beboerne',
  'und',
  'internationale',
  'zusammenarbeit',
  'liv',
  'økonomisk',
]);
const words = {
  isWord: (word: string) => lexicon.has(word.toLowerCase()),
  isAbbreviation: () => false,
  isFunctionWord: (word: string) => ['und', 'denne'].includes(word.toLowerCase()),
  conjunctions: ['og', 'und'],
};

function run(text: string, damaged: boolean) {
  const file = new VFile({ value: text });
  const processor = retext();
  const tree = processor.parse(file);
  const removed = colonSpecks(tree, words, file, damaged);
  return { text: processor.stringify(tree), removed };
}

describe('colonSpecks', () => {
  const text = 'Es gibt und: internationale Zusammenarbeit mit beboerne: Denne prosessen og liv: økonomisk.';

  it('in a damaged scan, removes a colon after a function word and reads one before a sentence as a stop', () => {
    expect(run(text, true)).toEqual({
      text: 'Es gibt und internationale Zusammenarbeit mit beboerne. Denne prosessen og liv: økonomisk.',
      removed: 1,
    });
  });

  it('leaves both alone in a text that shows no specks, and a colon opening an enumeration always', () => {
    expect(run(text, false)).toEqual({ text, removed: 0 });
  });

  it("leaves a colon after a line's first word, where a line extracted backwards ends its sentence", () => {
    const backwards = 'Es gibt mehr\nund: internationale Zusammenarbeit.';
    expect(run(backwards, true)).toEqual({ text: backwards, removed: 0 });
  });
});
