import type { ITrie } from 'cspell-trie-lib';
import type { Lexicon, LexiconCursor } from '../../core/text/types.ts';

const COMPOUND = '+';
/** Shortest compound part a cursor accepts: cspell's tries allow junk like "co+mi+non" otherwise. */
const MIN_PART = 3;
/** Most parts in one compound a cursor accepts. */
const MAX_PARTS = 4;

type ITrieNode = NonNullable<ReturnType<ITrie['data']['getNode']>>;

/** A trie node reached by a prefix, with the length of the current compound part and the parts so far. */
interface State {
  node: ITrieNode;
  partLength: number;
  parts: number;
}

/**
 * A cursor over a cspell trie. cspell marks compound parts with `+` ("abonnement+" may start a
 * compound, "+abonnement" may end one), so a cursor holds every trie node the prefix can reach:
 * inside the current part, or in a new part after a part that may be continued.
 */
class TrieCursor implements LexiconCursor {
  readonly isWord: boolean;
  readonly parts: number;

  constructor(
    private readonly states: readonly State[],
    private readonly compoundRoot: ITrieNode | undefined,
  ) {
    let parts = Number.POSITIVE_INFINITY;
    for (const state of states) {
      if (state.node.eow && (state.parts === 1 || state.partLength >= MIN_PART))
        parts = Math.min(parts, state.parts);
    }
    this.isWord = parts !== Number.POSITIVE_INFINITY;
    this.parts = this.isWord ? parts : 0;
  }

  next(chars: string): LexiconCursor | undefined {
    let states = this.states;
    for (const ch of chars) {
      const reached: State[] = [];
      for (const state of states) {
        const child = state.node.get(ch);
        if (child) addState(reached, child, state.partLength + 1, state.parts);
        if (
          this.compoundRoot &&
          state.parts < MAX_PARTS &&
          state.partLength >= MIN_PART &&
          state.node.has(COMPOUND)
        ) {
          const start = this.compoundRoot.get(ch);
          if (start) addState(reached, start, 1, state.parts + 1);
        }
      }
      if (reached.length === 0) return undefined;
      states = reached;
    }
    return new TrieCursor(states, this.compoundRoot);
  }
}

/** Adds a state unless an equivalent one (same node, part length class and parts) is there. */
function addState(states: State[], node: ITrieNode, partLength: number, parts: number) {
  const lengthClass = Math.min(partLength, MIN_PART);
  for (const state of states) {
    if (
      state.node.id === node.id &&
      state.parts === parts &&
      Math.min(state.partLength, MIN_PART) === lengthClass
    ) {
      return;
    }
  }
  states.push({ node, partLength, parts });
}

/**
 * Wraps a cspell trie as a case-sensitive {@link Lexicon} with a prefix cursor. Membership is stricter
 * than cspell's own: no accent-stripped forms (cspell would accept "omraderne" for "områderne") and
 * compounds only of parts of three letters or more (cspell's Danish accepts "leen+gere").
 */
export function createTrieLexicon(trie: ITrie): Lexicon {
  const root = trie.data.getRoot();
  const compoundRoot = trie.data.hasCompoundWords ? root.get(COMPOUND) : undefined;
  const start = new TrieCursor([{ node: root, partLength: 0, parts: 1 }], compoundRoot);
  const walk = (word: string) => start.next(word)?.isWord ?? false;
  // The cleaner and the aligner ask for the same words again and again: answer each from memory after the walk.
  const answers = new Map<string, boolean>();
  return {
    has: (word) => {
      let answer = answers.get(word);
      if (answer === undefined) {
        answer = word.length > 0 && walk(word) && trie.has(word);
        if (answers.size >= MAX_REMEMBERED) answers.clear();
        answers.set(word, answer);
      }
      return answer;
    },
    start: () => start,
  };
}

/** Most words a lexicon remembers the answer for before it starts afresh. */
const MAX_REMEMBERED = 200_000;
