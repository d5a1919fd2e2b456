import type { ITrie } from 'cspell-trie-lib';
import type { Lexicon, LexiconCursor } from '../../core/text/types.ts';

const COMPOUND = '+';

type ITrieNode = NonNullable<ReturnType<ITrie['data']['getNode']>>;

/**
 * A cursor over a cspell trie. cspell marks compound parts with `+` ("abonnement+" may start a
 * compound, "+abonnement" may end one), so a cursor holds every trie node the prefix can reach:
 * inside the current part, or in a new part after a part that may be continued.
 */
class TrieCursor implements LexiconCursor {
  readonly isWord: boolean;

  constructor(
    private readonly nodes: readonly ITrieNode[],
    private readonly compoundRoot: ITrieNode | undefined,
  ) {
    this.isWord = nodes.some((node) => node.eow);
  }

  next(chars: string): LexiconCursor | undefined {
    let nodes = this.nodes;
    for (const ch of chars) {
      const reached: ITrieNode[] = [];
      const seen = new Set<unknown>();
      const push = (node: ITrieNode | undefined) => {
        if (node && !seen.has(node.id)) {
          seen.add(node.id);
          reached.push(node);
        }
      };
      for (const node of nodes) {
        push(node.get(ch));
        if (this.compoundRoot && node.has(COMPOUND)) push(this.compoundRoot.get(ch));
      }
      if (reached.length === 0) return undefined;
      nodes = reached;
    }
    return new TrieCursor(nodes, this.compoundRoot);
  }
}

/** Wraps a cspell trie as a case-sensitive {@link Lexicon} with a prefix cursor. */
export function createTrieLexicon(trie: ITrie): Lexicon {
  const root = trie.data.getRoot();
  const compoundRoot = trie.data.hasCompoundWords ? root.get(COMPOUND) : undefined;
  const start = new TrieCursor([root], compoundRoot);
  return {
    has: (word) => trie.has(word),
    start: () => start,
  };
}
