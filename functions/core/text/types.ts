/** Shared shapes of the text-cleaning core. Pure data: no I/O here. */

/** A word list that answers membership, e.g. a cspell trie for one language. */
export interface Lexicon {
  /** True when `word` (as written, case-sensitive as the dictionary is) is a word of the language. */
  has(word: string): boolean;
  /** Start of a prefix walk; lets a corrector prune candidates letter by letter. Optional. */
  start?(): LexiconCursor;
}

/** A prefix walked into a lexicon. */
export interface LexiconCursor {
  /** True when the walked prefix is itself a word. */
  readonly isWord: boolean;
  /** When `isWord`: the fewest compound parts the word is made of (1 = a dictionary word). */
  readonly parts?: number;
  /** The cursor after `chars`, or undefined when no word starts with the longer prefix. */
  next(chars: string): LexiconCursor | undefined;
}

/** Word counts from a frequency list (lower-case keys). */
export interface FrequencyList {
  /** Occurrences of the lower-cased word, 0 when unlisted. */
  count(word: string): number;
  /** Sum of all counts, for turning counts into probabilities. */
  readonly total: number;
  /** Every listed word, most frequent first. */
  readonly words: readonly string[];
  /**
   * The `count` most frequent words (`words.slice(0, count)`), for a list that can give them without listing
   * every word (a compiled list decodes its words on demand); see `mostFrequent`.
   */
  top?(count: number): readonly string[];
}

/** Per-language settings, kept as data in `data/languages/<lang>.json` (schema beside it). */
export interface LanguageSettings {
  /** BCP 47 code used everywhere in the product: sv, nb, da, en, ... */
  lang: string;
  /** English name, for messages. */
  name: string;
  /** Letters of the language's alphabet beyond a-z (e.g. "åäö"). */
  extraLetters: string;
  /** Short words that may follow a suspended-compound hyphen ("jämlikhets- och"): conjunctions. */
  conjunctions: string[];
}

/** Everything the core needs to clean text of one language. */
export interface LanguageResources {
  settings: LanguageSettings;
  lexicon: Lexicon;
  frequency: FrequencyList;
  /** Frequency lists of other languages, by code: words a text may quote from them are not OCR errors. */
  foreign?: ReadonlyMap<string, FrequencyList>;
}

/** How an OCR confusion came about (see data/ocr-confusions.json). */
export type ConfusionKind =
  | 'diacritic-lost'
  | 'diacritic-misread'
  /** A plain letter read with a diacritic a speck of noise gave it (e as é). */
  | 'diacritic-added'
  | 'ligature-split'
  | 'glyph'
  | 'dropped'
  /** Any letter of the language's alphabet read as any other: costly until a document shows the habit. */
  | 'substitution';

/** One OCR confusion: `intended` was printed, the OCR wrote `seen` (empty when it dropped the letter). */
export interface Confusion {
  intended: string;
  seen: string;
  /** Cost in nats, about -ln P(seen | intended). */
  cost: number;
  kind: ConfusionKind;
}

/** The OCR confusion model: every confusion, expanded (both directions, case variants). */
export interface ConfusionModel {
  readonly confusions: readonly Confusion[];
}

/** One change made by the cleaner, as rendered from a vfile message. */
export interface Change {
  ruleId: string;
  source: string;
  actual: string;
  expected: string;
  line: number;
  column: number;
}

/** What `cleanText` returns. */
export interface CleanResult {
  /** Language used for cleaning (given or detected). */
  lang: string;
  /** Language detected from the text, or null when detection was not run. */
  detectedLang: string | null;
  /** Cleaned text: paragraphs separated by one blank line. */
  text: string;
  changes: Change[];
  /**
   * Words left as they are because no reading was good enough, marked for a quality score
   * (ruleId `unknown-word`, `actual` = `expected`). Not changes.
   */
  marks?: Change[];
}
