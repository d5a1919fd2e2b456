import { retext } from 'retext';
import { describe, expect, it } from 'vitest';
import { chunksOf, indexTree, linesOf, removeNode, textOf, trimmedLeaves, wordOf } from './index.ts';

const parse = (text: string) => retext().parse(text);

describe('nlcst-lines', () => {
  it('groups leaves into lines at line breaks and counts the breaks after each', () => {
    const lines = linesOf(parse('Första raden,\r\nandra raden.\n\n\n  Tredje'));
    expect(lines.map((line) => textOf(line.leaves))).toEqual(['Första raden,', 'andra raden.', 'Tredje']);
    expect(lines.map((line) => line.breaks)).toEqual([1, 3, 0]);
    expect(lines.at(-1)!.end).toBeUndefined();
  });

  it('splits a line into chunks at white space and trims it', () => {
    const [line] = linesOf(parse(' • vil vi:* ok '));
    expect(chunksOf(line!).map((chunk) => chunk.text)).toEqual(['•', 'vil', 'vi:*', 'ok']);
    expect(textOf(trimmedLeaves(line!))).toBe('• vil vi:* ok');
  });

  it('removes a node and the parents it leaves empty, keeping the rest of the tree', () => {
    const tree = parse('ett två');
    const { leaves, parents } = indexTree(tree);
    const two = leaves.find((leaf) => leaf.node.value === 'två')!;
    const word = wordOf(two.node, parents)!;
    expect(word.type).toBe('WordNode');
    removeNode(two.node, parents);
    expect(parents.has(word)).toBe(false);
    expect(textOf(linesOf(tree)[0]!.leaves)).toBe('ett ');
  });
});
