import type { Nodes, Root, Text, Word } from 'nlcst';
import { toString as nlcstToString } from 'nlcst-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Confusion, ConfusionModel, LanguageResources, Lexicon, LexiconCursor } from '../types.ts';

/** Options of {@link retextFixOcr}. */
export interface FixOcrOptions {
  /** Lexicon, frequency list and settings of the text's language. */
  resources: LanguageResources;
  /** OCR confusions used to generate candidates. */
  confusions: ConfusionModel;
  /** Highest channel cost (nats) of confusions other than lost diacritics in one candidate. Default 7. */
  maxCost?: number;
  /** Most substitutions tried in one word. Default 5. */
  maxEdits?: number;
  /** Nats by which a candidate must beat a valid word to replace it. Default ln 4. */
  margin?: number;
  /** Share of diacritic letters the text lost; estimated from the document when not given. */
  diacriticLossRate?: number;
}

/** One way to read an observed word as a lexicon word. */
interface Candidate {
  /** The lexicon word, cased as found. */
  word: string;
  /** Diacritic letters read as their base letter (cost set per document). */
  lost: number;
  /** Summed cost of every other confusion. */
  cost: number;
}

/** What is known about one distinct observed word. */
interface Analysis {
  known: boolean;
  candidates: Candidate[];
  /** Letters of the word that carry a diacritic of the language (for the loss-rate estimate). */
  diacritics: number;
}

interface Part {
  word: Word;
  nodes: Nodes[];
  text: string;
}

const LETTER = /\p{L}/u;
const HAS_LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const UPPER = /^\p{Lu}+$/u;
const CAPITALISED = /^\p{Lu}[^\p{Lu}]*$/u;
const LOWER = /^[^\p{Lu}]*$/u;

const SOURCE = 'retext-fix-ocr';
/** Candidates whose frequency is unknown count as this many occurrences. */
const FLOOR_COUNT = 0.5;

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A cursor for lexicons without prefix walks: accepts every prefix, checks whole words. */
function plainCursor(lexicon: Lexicon, prefix = ''): LexiconCursor {
  return {
    get isWord() {
      return prefix !== '' && lexicon.has(prefix);
    },
    next: (chars) => plainCursor(lexicon, prefix + chars),
  };
}

function isPositiveNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * Corrects OCR-damaged words with a lexicon, an OCR confusion model and a frequency prior.
 *
 * Candidates come from applying confusions to the observed word, pruned letter by letter against the
 * lexicon; they are ranked by channel cost plus frequency (noisy channel). A word outside the lexicon
 * takes its best candidate (`ocr-word`); a valid word is replaced only by a form with restored
 * diacritics that is far more likely given how often this document lost its diacritics
 * (`ocr-real-word`). Numbers, all-capital words, URLs and e-mail addresses are left alone.
 */
export default function retextFixOcr(options: FixOcrOptions) {
  if (!options || typeof options !== 'object') throw new TypeError('retext-fix-ocr: options are required');
  const { resources, confusions } = options;
  if (!resources?.lexicon || typeof resources.lexicon.has !== 'function' || !resources.frequency) {
    throw new TypeError('retext-fix-ocr: options.resources needs a lexicon and a frequency list');
  }
  if (!confusions || !Array.isArray(confusions.confusions)) {
    throw new TypeError('retext-fix-ocr: options.confusions must be a confusion model');
  }
  const maxCost = options.maxCost ?? 7;
  const maxEdits = options.maxEdits ?? 5;
  const margin = options.margin ?? Math.log(4);
  for (const [name, value] of Object.entries({ maxCost, maxEdits, margin })) {
    if (!isPositiveNumber(value)) throw new TypeError(`retext-fix-ocr: options.${name} must be a positive number`);
  }
  const fixedRate = options.diacriticLossRate;
  if (fixedRate !== undefined && !(fixedRate > 0 && fixedRate < 1)) {
    throw new TypeError('retext-fix-ocr: options.diacriticLossRate must be between 0 and 1');
  }

  const { lexicon, frequency, settings } = resources;
  const start = () => lexicon.start?.() ?? plainCursor(lexicon);

  // Confusions indexed by the first character of what the OCR wrote.
  const bySeen = new Map<string, Confusion[]>();
  for (const confusion of confusions.confusions) {
    const first = confusion.seen.charAt(0);
    const list = bySeen.get(first) ?? [];
    list.push(confusion);
    bySeen.set(first, list);
  }
  // Letters whose diacritic counts toward the loss rate: the language's own extra letters.
  const ownLetters = new Set([...(settings.extraLetters ?? '')].flatMap((ch) => [ch, ch.toUpperCase()]));
  const lossLetters = new Set(
    confusions.confusions.filter((c) => c.kind === 'diacritic-lost').map((c) => c.intended),
  );
  const diacriticLetters = ownLetters.size > 0 ? ownLetters : lossLetters;

  const logCount = (word: string) => Math.log(frequency.count(word.toLowerCase()) + FLOOR_COUNT);
  const isKnown = (word: string) =>
    lexicon.has(word) || (!LOWER.test(word) && lexicon.has(word.toLowerCase()));

  function search(word: string, into: Map<string, Candidate>) {
    const chars = word;
    const walk = (at: number, cursor: LexiconCursor, out: string, lost: number, cost: number, edits: number) => {
      if (at === chars.length) {
        if (cursor.isWord && out !== word) {
          const known = into.get(out);
          if (!known || known.cost + known.lost > cost + lost) into.set(out, { word: out, lost, cost });
        }
        return;
      }
      const ch = chars.charAt(at);
      if (LETTER.test(ch)) {
        const next = cursor.next(ch);
        if (next) walk(at + 1, next, out + ch, lost, cost, edits);
      }
      if (edits >= maxEdits) return;
      for (const confusion of bySeen.get(ch) ?? []) {
        if (!chars.startsWith(confusion.seen, at)) continue;
        const isLoss = confusion.kind === 'diacritic-lost';
        const nextCost = isLoss ? cost : cost + confusion.cost;
        if (nextCost > maxCost) continue;
        const next = cursor.next(confusion.intended);
        if (next) {
          walk(
            at + confusion.seen.length,
            next,
            out + confusion.intended,
            lost + (isLoss ? 1 : 0),
            nextCost,
            edits + 1,
          );
        }
      }
    };
    walk(0, start(), '', 0, 0, 0);
  }

  const analyses = new Map<string, Analysis>();
  function analyse(word: string): Analysis {
    let found = analyses.get(word);
    if (found) return found;
    const known = isKnown(word);
    const candidates = new Map<string, Candidate>();
    const lower = word.toLowerCase();
    search(lower, candidates);
    if (lower !== word) {
      const cased = new Map<string, Candidate>();
      search(word, cased);
      for (const [key, candidate] of cased) {
        const folded = key.toLowerCase();
        const other = candidates.get(folded);
        if (!other || other.cost + other.lost > candidate.cost + candidate.lost) candidates.set(key, candidate);
      }
    }
    let diacritics = 0;
    for (const ch of word) if (diacriticLetters.has(ch)) diacritics++;
    found = { known, candidates: [...candidates.values()], diacritics };
    analyses.set(word, found);
    return found;
  }

  /** Restores the observed word's case pattern on a candidate found in lower case. */
  function withCase(observed: string, candidate: string): string {
    if (candidate !== candidate.toLowerCase()) return candidate;
    if (UPPER.test(observed)) return candidate.toUpperCase();
    if (CAPITALISED.test(observed)) return capitalise(candidate);
    return candidate;
  }

  function candidateScore(candidate: Candidate, lossCost: number): number {
    return logCount(candidate.word) - candidate.cost - candidate.lost * lossCost;
  }

  /** The best reading of a word outside the lexicon, or undefined. */
  function bestForUnknown(analysis: Analysis, lossCost: number): Candidate | undefined {
    let best: Candidate | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const candidate of analysis.candidates) {
      const score = candidateScore(candidate, lossCost);
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  /** A diacritic-restored reading of a valid word that is clearly more likely, or undefined. */
  function bestForKnown(word: string, analysis: Analysis, lossCost: number): Candidate | undefined {
    const keep = logCount(word);
    let best: Candidate | undefined;
    let bestScore = keep + margin;
    for (const candidate of analysis.candidates) {
      if (candidate.cost > 0 || candidate.lost === 0) continue;
      const score = candidateScore(candidate, lossCost);
      if (score > bestScore) {
        best = candidate;
        bestScore = score;
      }
    }
    return best;
  }

  return (tree: Root, file: VFile) => {
    const parts: Part[] = [];
    visit(tree, 'WordNode', (node: Word) => {
      collectParts(node, parts);
      return 'skip';
    });

    const lossCost = -Math.log(fixedRate ?? estimateLossRate(parts.map((part) => part.text)));

    for (const part of parts) {
      const analysis = analyse(part.text);
      const choice = analysis.known
        ? bestForKnown(part.text, analysis, lossCost)
        : bestForUnknown(analysis, lossCost);
      if (!choice) continue;
      const expected = withCase(part.text, choice.word);
      if (expected === part.text) continue;
      replacePart(part, expected);
      const first = part.nodes[0]!;
      const last = part.nodes[part.nodes.length - 1]!;
      const place =
        first.position && last.position ? { start: first.position.start, end: last.position.end } : undefined;
      const message = file.message(`Replace \`${part.text}\` with \`${expected}\` (OCR)`, {
        place,
        ruleId: analysis.known ? 'ocr-real-word' : 'ocr-word',
        source: SOURCE,
      });
      message.actual = part.text;
      message.expected = [expected];
    }
  };

  /**
   * Share of diacritic letters this text lost: letters restored in unknown words over those restored
   * plus those printed in known words. A Beta(1, 4) prior keeps short texts near "rarely lost".
   */
  function estimateLossRate(words: string[]): number {
    let lost = 0;
    let kept = 0;
    for (const word of words) {
      const analysis = analyse(word);
      if (analysis.known) {
        kept += analysis.diacritics;
        continue;
      }
      const best = bestForUnknown(analysis, Math.log(2));
      if (best) {
        lost += best.lost;
        let restored = 0;
        for (const ch of best.word) if (diacriticLetters.has(ch)) restored++;
        kept += Math.max(0, restored - best.lost);
      }
    }
    return (lost + 1) / (lost + kept + 5);
  }
}

/** Splits a word at its punctuation ("EU-kommisjonen", "EU:s") into parts worth correcting. */
function collectParts(word: Word, into: Part[]) {
  const whole = nlcstToString(word);
  if (/@.*\.|^www\.|:\/\/|\.(com|org|net|eu)$/i.test(whole)) return;
  let run: Nodes[] = [];
  const flush = () => {
    if (run.length > 0) {
      const text = run.map((node) => nlcstToString(node)).join('');
      if (worthCorrecting(text)) into.push({ word, nodes: run, text });
    }
    run = [];
  };
  for (const child of word.children) {
    if (child.type === 'PunctuationNode') flush();
    else run.push(child);
  }
  flush();
}

function worthCorrecting(text: string): boolean {
  if (!HAS_LETTER.test(text)) return false;
  if (UPPER.test(text) && text.length > 1) return false;
  if (DIGIT.test(text) && /^\P{L}*\p{L}?$/u.test(text)) return false;
  // Mixed case inside a word (iPhone, McKinsey) is deliberate; OCR rarely produces it.
  if (!LOWER.test(text) && !CAPITALISED.test(text) && !/[^\p{L}]/u.test(text)) return false;
  return true;
}

/** Replaces the part's nodes in its word by one text node holding the correction. */
function replacePart(part: Part, value: string) {
  const first = part.nodes[0]!;
  const last = part.nodes[part.nodes.length - 1]!;
  const text: Text = { type: 'TextNode', value };
  if (first.position && last.position) text.position = { start: first.position.start, end: last.position.end };
  const children = part.word.children as Nodes[];
  children.splice(children.indexOf(first), part.nodes.length, text);
}
