/**
 * Line view of an nlcst tree. OCR text is laid out in lines, and several cleaning rules are about
 * lines (bullets at line start, hyphens at line end, paragraphs made of lines), while retext-latin
 * parses into paragraphs, sentences and words. This helper lists the leaves of a tree in order,
 * groups them into lines at the white-space leaves holding line breaks, and edits the tree in place
 * so that positions of untouched nodes keep pointing at the original input.
 */
import type { Literals, Nodes, Parents, Root, Word } from 'nlcst';
import { toString as nlcstToString } from 'nlcst-to-string';
import type { Point, Position } from 'unist';

declare module 'nlcst' {
  interface Data {
    /** Set by retext-normalise on a line-start mark it unified into the bullet form. */
    bullet?: boolean;
    /** Set by retext-normalise on the first leaf of a footnote body. */
    footnote?: string;
  }
}

/** One leaf (text, punctuation, symbol, white space or source) with its parent. */
export interface Leaf {
  node: Literals;
  parent: Parents;
}

/** One line: the leaves between two line breaks, and the white-space leaf that ends it. */
export interface Line {
  leaves: Leaf[];
  /** White-space leaf holding the line break(s) after this line; undefined for the last line. */
  end: Leaf | undefined;
  /** Number of line breaks in `end` (2 or more: blank lines follow). */
  breaks: number;
}

/** A run of non-white-space leaves inside a line, such as a word with its punctuation. */
export interface Chunk {
  leaves: Leaf[];
  text: string;
}

/**
 * Call `fn` on every node below `root` in document order with its parent. A plain walk: the rules
 * here re-read the whole tree several times, and unist-util-visit's ancestor lists made that the
 * slowest part of cleaning an edition.
 */
function walk(root: Parents, fn: (node: Nodes, parent: Parents) => void): void {
  for (const child of root.children as Nodes[]) {
    fn(child, root);
    if ('children' in child) walk(child, fn);
  }
}

/** Every leaf of `tree` in document order. */
function leavesOf(tree: Root): Leaf[] {
  const leaves: Leaf[] = [];
  walk(tree, (node, parent) => {
    if ('value' in node) leaves.push({ node, parent });
  });
  return leaves;
}

/** Leaves and the parent of every node, from one walk of `tree`. */
export function indexTree(tree: Root): { leaves: Leaf[]; parents: Map<Nodes, Parents> } {
  const leaves: Leaf[] = [];
  const parents = new Map<Nodes, Parents>();
  walk(tree, (node, parent) => {
    parents.set(node, parent);
    if ('value' in node) leaves.push({ node, parent });
  });
  return { leaves, parents };
}

/** Group the leaves of `tree` into lines. */
export function linesOf(tree: Root): Line[] {
  return linesFrom(leavesOf(tree));
}

/** Group leaves, in document order, into lines. */
export function linesFrom(leaves: readonly Leaf[]): Line[] {
  const lines: Line[] = [];
  let current: Leaf[] = [];
  for (const leaf of leaves) {
    const breaks = leaf.node.type === 'WhiteSpaceNode' ? countBreaks(leaf.node.value) : 0;
    if (breaks > 0) {
      lines.push({ leaves: current, end: leaf, breaks });
      current = [];
    } else current.push(leaf);
  }
  lines.push({ leaves: current, end: undefined, breaks: 0 });
  return lines;
}

/** Number of line breaks in a white-space value (CR LF counts once). */
function countBreaks(value: string): number {
  if (!/[\n\r\u2028\u2029]/u.test(value)) return 0;
  return value.replace(/\r\n/g, '\n').replace(/[^\n\r\u2028\u2029]/g, '').length;
}

/** The text of a list of leaves. */
export function textOf(leaves: readonly Leaf[]): string {
  return leaves.map((leaf) => leaf.node.value).join('');
}

/** Split a line into chunks at white space. */
export function chunksOf(line: Line): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Leaf[] = [];
  for (const leaf of line.leaves) {
    if (leaf.node.type === 'WhiteSpaceNode') {
      if (current.length > 0) chunks.push({ leaves: current, text: textOf(current) });
      current = [];
    } else current.push(leaf);
  }
  if (current.length > 0) chunks.push({ leaves: current, text: textOf(current) });
  return chunks;
}

/** Leaves of `line` without white space at either end. */
export function trimmedLeaves(line: Line): Leaf[] {
  let start = 0;
  let end = line.leaves.length;
  while (start < end && line.leaves[start]!.node.type === 'WhiteSpaceNode') start++;
  while (end > start && line.leaves[end - 1]!.node.type === 'WhiteSpaceNode') end--;
  return line.leaves.slice(start, end);
}

/** Remove `node` from its parent; parents left empty (other than the root) go too. */
export function removeNode(node: Nodes, parents: Map<Nodes, Parents>): void {
  const parent = parents.get(node);
  if (!parent) return;
  const children = parent.children as Nodes[];
  const index = children.indexOf(node);
  if (index >= 0) children.splice(index, 1);
  parents.delete(node);
  if (children.length === 0 && parent.type !== 'RootNode') removeNode(parent, parents);
}

/** Insert `node` right after `anchor`, in the same parent. */
export function insertAfter(anchor: Nodes, node: Nodes, parents: Map<Nodes, Parents>): void {
  const parent = parents.get(anchor);
  if (!parent) return;
  const children = parent.children as Nodes[];
  children.splice(children.indexOf(anchor) + 1, 0, node);
  parents.set(node, parent);
}

/** Replace `node` by `replacement` in its parent. */
export function replaceNode(node: Nodes, replacement: Nodes, parents: Map<Nodes, Parents>): void {
  const parent = parents.get(node);
  if (!parent) return;
  const children = parent.children as Nodes[];
  children[children.indexOf(node)] = replacement;
  parents.delete(node);
  parents.set(replacement, parent);
}

/** The nearest `WordNode` holding `node`, if any. */
export function wordOf(node: Nodes, parents: Map<Nodes, Parents>): Word | undefined {
  let current: Nodes | undefined = node;
  while (current && current.type !== 'WordNode') current = parents.get(current);
  return current?.type === 'WordNode' ? current : undefined;
}

/** Position spanning `first` to `last` (either may lack a position). */
export function span(first: Nodes | undefined, last: Nodes | undefined): Position | undefined {
  const start = first?.position?.start;
  const end = last?.position?.end ?? first?.position?.end;
  return start && end ? { start, end } : undefined;
}

/**
 * Point `index` UTF-16 units into a leaf that holds no line break, or the leaf's start when its
 * position is unknown.
 */
export function pointIn(node: Literals, index: number): Point | undefined {
  const start = node.position?.start;
  if (!start) return undefined;
  return {
    line: start.line,
    column: start.column + index,
    ...(start.offset === undefined ? {} : { offset: start.offset + index }),
  };
}

/** The text of any node. */
export function textOfNode(node: Nodes): string {
  return nlcstToString(node);
}
