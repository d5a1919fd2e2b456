import type { Nodes } from 'nlcst';
import { retext } from 'retext';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { eachSentence, eachSentenceAndWord } from './index.ts';

const TEXT = 'Första stycket, med ord. Och en mening till!\n\nAndra stycket: “citat” och 2026 — slut.';

describe('nlcst walks', () => {
  it('meet the sentences unist-util-visit meets, in its order', () => {
    const tree = retext().parse(TEXT);
    const expected: Nodes[] = [];
    visit(tree, 'SentenceNode', (node) => {
      expected.push(node);
    });
    const seen: Nodes[] = [];
    eachSentence(tree, (sentence) => seen.push(sentence));
    expect(seen.length).toBe(3);
    expect(seen).toEqual(expected);
    expect(seen.every((node, i) => node === expected[i])).toBe(true);
  });

  it('meet sentences and words in pre-order, each sentence before its words', () => {
    const tree = retext().parse(TEXT);
    const expected: Nodes[] = [];
    visit(tree, (node) => {
      if (node.type === 'WordNode') {
        expected.push(node);
        return 'skip';
      }
      if (node.type === 'SentenceNode') expected.push(node);
      return undefined;
    });
    const seen: Nodes[] = [];
    eachSentenceAndWord(
      tree,
      (sentence) => seen.push(sentence),
      (word) => seen.push(word),
    );
    expect(seen.length).toBe(expected.length);
    expect(seen.every((node, i) => node === expected[i])).toBe(true);
    expect(seen[0]!.type).toBe('SentenceNode');
  });
});
