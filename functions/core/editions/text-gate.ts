/**
 * Checks of a decoded upload before it is aligned: it must read as language at all (not random bytes, not
 * binary decoded as Latin-1), and as the language it is declared in. Both are cheap and bound the work a bad
 * upload can cause: alignment never sees garbage.
 */

/** How much of a text looks like words. */
export interface TextShape {
  /** Whitespace-separated tokens read. */
  tokens: number;
  /** Share of the tokens that are words: letters (with inner hyphens or apostrophes), maybe with punctuation. */
  wordShare: number;
  /** Share of the non-space characters that are letters. */
  letterShare: number;
}

/** Fewest tokens a text needs to be judged by its shape; shorter ones are judged by the language check. */
const MIN_TOKENS = 3;
/**
 * Lowest share of word-like tokens. Running text in a Latin script, OCR damage included, has most tokens as
 * words; random bytes decoded as Latin-1 have almost none (a space comes every 60 characters or so, and the
 * tokens between mix letters, digits and symbols).
 */
export const MIN_WORD_SHARE = 0.4;
/** Lowest share of letters among the non-space characters. */
export const MIN_LETTER_SHARE = 0.5;

const WORD = /^[\p{P}\p{S}]{0,3}\p{L}[\p{L}\p{M}]*(?:['’\-‐.][\p{L}\p{M}]+)*[\p{P}\p{S}]{0,3}$/u;
const NUMBER = /^[\p{P}]{0,2}[\p{N}][\p{N}.,:/–-]*[\p{P}]{0,2}$/u;

/** Word and letter shares of a text (numbers count as words: lists and dates are language too). */
export function textShape(text: string, maxTokens = 20_000): TextShape {
  const tokens = text.split(/\s+/u).filter(Boolean).slice(0, maxTokens);
  let words = 0;
  for (const token of tokens) if (WORD.test(token) || NUMBER.test(token)) words++;
  const sample = tokens.join('');
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  return {
    tokens: tokens.length,
    wordShare: tokens.length ? words / tokens.length : 0,
    letterShare: sample.length ? letters / sample.length : 0,
  };
}

/** Why a text does not read as language, or null when it does (or is too short to tell by its shape). */
export function notLanguageReason(text: string, name = 'the text'): string | null {
  const shape = textShape(text);
  if (shape.tokens < MIN_TOKENS) return null;
  if (shape.wordShare < MIN_WORD_SHARE || shape.letterShare < MIN_LETTER_SHARE) {
    return (
      `${name} does not read as text in any language: ${pct(shape.wordShare)} of its ${shape.tokens} tokens ` +
      `are words and ${pct(shape.letterShare)} of its characters letters (random or binary bytes?)`
    );
  }
  return null;
}

/** What the language identifier said of a text (see functions/core/text/detect-language/identify.ts). */
export interface LanguageVerdict {
  /** The supported language the text reads as, or null. */
  lang: string | null;
  /** Why it is null. */
  reason?: string;
  /** ISO 639-3 code of the trigram identifier's best guess. */
  trigramGuess?: string;
}

/**
 * Lowest share of a text's words the declared language's lexicon must accept (diacritics folded) when the
 * identifier named no language: OCR damage leaves well over half the words of a real edition intact.
 */
export const MIN_DECLARED_SHARE = 0.3;

/**
 * Why a text does not read as `declared`, or null: the identifier names another supported language, or it names
 * none and the declared language's lexicon knows few of the words (`declaredShare`, null without a lexicon).
 */
export function languageMismatchReason(
  declared: string,
  verdict: LanguageVerdict,
  declaredShare: number | null,
  name = 'the text',
): string | null {
  if (verdict.lang && verdict.lang !== declared) {
    return `${name} was declared '${declared}' but reads as '${verdict.lang}': upload it under its own language`;
  }
  if (
    !verdict.lang &&
    verdict.reason !== 'too-short' &&
    declaredShare !== null &&
    declaredShare < MIN_DECLARED_SHARE
  ) {
    const guess =
      verdict.trigramGuess && verdict.trigramGuess !== 'und'
        ? ` (it reads most like ISO 639-3 '${verdict.trigramGuess}')`
        : '';
    return `${name} was declared '${declared}' but only ${pct(declaredShare)} of its words are '${declared}' words${guess}`;
  }
  return null;
}

function pct(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A text that does not read as language. An input problem: retrying cannot help. */
export class NotTextInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotTextInputError';
  }
}

/** A text in another language than the one it was declared in. An input problem. */
export class DeclaredLanguageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeclaredLanguageError';
  }
}
