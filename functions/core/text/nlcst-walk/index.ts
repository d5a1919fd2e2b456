/**
 * Plain walks over an nlcst tree for the cleaner's hot paths: the same nodes in the same order as
 * `unist-util-visit` (pre-order, document order), without its per-node closures and ancestor arrays, which cost
 * the OCR corrector about a tenth of its time and much of its garbage. The tree must not change during a walk.
 */
import type { Nodes, Root, Sentence, Word } from 'nlcst';

/** Calls `fn` on every sentence of `tree`, in document order. */
export function eachSentence(tree: Root, fn: (sentence: Sentence) => void): void {
  walk(tree, fn);
}

function walk(node: Root | Nodes, fn: (sentence: Sentence) => void): void {
  if (node.type === 'SentenceNode') fn(node);
  if (!('children' in node)) return;
  const children = node.children as Nodes[];
  for (let i = 0; i < children.length; i++) walk(children[i]!, fn);
}

/**
 * Calls `onSentence` on every sentence and `onWord` on every word of `tree`, in document order, a sentence
 * before its words (a word's own children are not walked).
 */
export function eachSentenceAndWord(
  tree: Root,
  onSentence: (sentence: Sentence) => void,
  onWord: (word: Word) => void,
): void {
  const walkBoth = (node: Root | Nodes): void => {
    if (node.type === 'WordNode') {
      onWord(node);
      return;
    }
    if (node.type === 'SentenceNode') onSentence(node);
    if (!('children' in node)) return;
    const children = node.children as Nodes[];
    for (let i = 0; i < children.length; i++) walkBoth(children[i]!);
  };
  walkBoth(tree);
}
