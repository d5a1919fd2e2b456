/**
 * Language identification over every supported language, with an honest "unknown": a character-trigram
 * identifier (franc, 187 languages) proposes, the lexicons of the supported languages it names verify.
 */
import type { FrequencyList, Lexicon } from '../types.ts';
import { detectLanguage } from './index.ts';
import { lexiconShare } from './lexicon-share.ts';

/** What {@link identifyLanguage} reads besides the text (loaded by the caller; the lexicons on demand). */
export interface IdentifyData {
  /** Every supported language's code by its ISO 639-3 code (`deu` -> `de`). */
  codes: ReadonlyMap<string, string>;
  /** The lexicon of a supported language; called only for the few languages the trigrams propose. */
  lexicon: (lang: string) => Promise<Lexicon>;
  /** Frequency lists of the supported languages that have one: they decide between close relatives. */
  lists?: ReadonlyMap<string, FrequencyList>;
}

/** Options of {@link identifyLanguage}. */
export interface IdentifyOptions {
  /** Characters read at most, in windows spread over the text (a whole edition needs no more). Default 4000. */
  maxChars?: number;
  /** Fewest letters to decide on. Default 40. */
  minLetters?: number;
  /** Supported languages whose lexicons are consulted, best trigram scores first. Default 3. */
  candidates?: number;
}

/** How one supported language fared. */
export interface CandidateScore {
  lang: string;
  /** The trigram identifier's score, 1 for its best language of all. */
  trigram: number;
  /** Share of the words the language's lexicon has as written. */
  exact: number;
  /** Share it has as written or with diacritics lost or misread. */
  folded: number;
}

/** Result of {@link identifyLanguage}. */
export interface Identification {
  /** The supported language of the text, or null: unknown. */
  lang: string | null;
  /** Why `lang` is null: too little text, a language the trigrams name that is not supported, or no lexicon fits. */
  reason?: 'too-short' | 'unsupported' | 'no-lexicon-fits';
  /** ISO 639-3 code of the trigram identifier's best language, supported or not; `und` when too short. */
  trigramGuess: string;
  /** The supported languages weighed, best first. */
  candidates: CandidateScore[];
}

/** Lowest share of words (diacritics folded) a lexicon must accept for its language to be named. */
export const MIN_SHARE = 0.7;
/**
 * Lowest share when the trigrams name the same language with a clear lead: two independent signals agree,
 * and heavy OCR damage (glyph confusions, split words) leaves fewer words intact in long-word languages.
 */
const AGREED_SHARE = 0.5;
/** Lead of the trigrams' best language over their second (scores scaled to 1) that counts as clear. */
export const CLEAR_LEAD = 0.1;
/**
 * Trigram score (the best being 1) from which a supported language ties with an unsupported one the trigrams
 * prefer: OCR damage moves trigrams (Portuguese without its tildes reads as Galician), and the lexicon decides.
 * Below it, the text is in the unsupported language, whatever share of its words a relative's lexicon has
 * (a Norwegian lexicon accepts 90% of Nynorsk words).
 */
const TRIGRAM_TIE = 0.98;
/** Languages whose folded shares are this close are told apart by their frequency lists or trigrams. */
const CLOSE_SHARE = 0.05;
/** Characters per window given to the trigram identifier (it reads 2048 at most). */
const WINDOW = 1000;
/** Words per window given to the lexicons. */
const WORDS_PER_WINDOW = 100;

/**
 * Identifies the language of a text among the supported ones, or says it is unknown.
 *
 * The trigram identifier ranks all of its 187 languages on a few windows of the text; the lexicons of the
 * best-ranked supported languages then say what share of the words they know, as written or with diacritics
 * lost (OCR by another language's model). The language whose lexicon knows most of the words is named when
 * that share is high (or fairly high when the trigrams name the same language with a clear lead), and when the
 * trigrams do not prefer an unsupported language (unless they nearly tie with it). Close relatives with similar shares (Danish and
 * Norwegian) are told apart by their frequency lists, which weigh the words each language prefers.
 */
export async function identifyLanguage(
  text: string,
  data: IdentifyData,
  options: IdentifyOptions = {},
): Promise<Identification> {
  const { maxChars = 4000, minLetters = 40, candidates: candidateCount = 3 } = options;
  const windows = sampleWindows(text, maxChars);
  const letters = windows.join('').match(/\p{L}/gu)?.length ?? 0;
  if (letters < minLetters) return { lang: null, reason: 'too-short', trigramGuess: 'und', candidates: [] };

  const ranking = await trigramRanking(windows);
  const trigramGuess = ranking[0]?.[0] ?? 'und';
  const proposed = ranking.filter(([iso]) => data.codes.has(iso)).slice(0, candidateCount);
  const words = windows.flatMap((window) => (window.match(/\p{L}{2,}/gu) ?? []).slice(0, WORDS_PER_WINDOW));
  const candidates: CandidateScore[] = [];
  for (const [iso, trigram] of proposed) {
    const lang = data.codes.get(iso)!;
    const share = lexiconShare(await data.lexicon(lang), words);
    candidates.push({ lang, trigram, exact: share.exact, folded: share.folded });
  }
  candidates.sort((a, b) => b.folded - a.folded || b.exact - a.exact || b.trigram - a.trigram);
  const best = candidates[0];
  if (!best) return { lang: null, reason: 'no-lexicon-fits', trigramGuess, candidates };
  const lead = 1 - (ranking[1]?.[1] ?? 0);
  const agreed = data.codes.get(trigramGuess) === best.lang && lead >= CLEAR_LEAD;
  if (!data.codes.has(trigramGuess) && best.trigram < TRIGRAM_TIE) {
    return { lang: null, reason: 'unsupported', trigramGuess, candidates };
  }
  if (best.folded < (agreed ? AGREED_SHARE : MIN_SHARE)) {
    return { lang: null, reason: 'no-lexicon-fits', trigramGuess, candidates };
  }
  const close = candidates.filter((c) => c.folded >= best.folded - CLOSE_SHARE);
  return { lang: closeCall(close, windows.join('\n'), data.lists) ?? best.lang, trigramGuess, candidates };
}

/** Among close candidates: the frequency lists' verdict when all have a list, else the best trigram score. */
function closeCall(
  close: readonly CandidateScore[],
  text: string,
  lists: ReadonlyMap<string, FrequencyList> | undefined,
): string | undefined {
  if (close.length < 2) return close[0]?.lang;
  if (lists && close.every((c) => lists.has(c.lang))) {
    const subset = new Map(close.map((c) => [c.lang, lists.get(c.lang)!]));
    const verdict = detectLanguage(text, subset).lang;
    if (verdict) return verdict;
  }
  return [...close].sort((a, b) => b.trigram - a.trigram)[0]!.lang;
}

/**
 * The trigram identifier's scores summed over the windows, best first, scaled so the best is 1. The identifier
 * is loaded on first use: building its models of 187 languages costs a cold start about 50 ms, which an
 * upload in a language the frequency lists tell (see `readsAsDeclared`) does not need.
 */
export async function trigramRanking(windows: readonly string[]): Promise<[string, number][]> {
  const { francAll } = await import('franc');
  const sums = new Map<string, number>();
  for (const window of windows) {
    for (const [iso, score] of francAll(window, { minLength: 10 })) {
      if (iso !== 'und') sums.set(iso, (sums.get(iso) ?? 0) + score);
    }
  }
  const ranked = [...sums].sort((a, b) => b[1] - a[1]);
  const top = ranked[0]?.[1] ?? 1;
  return ranked.map(([iso, sum]) => [iso, sum / top]);
}

/**
 * Up to `maxChars` characters of the text in windows of {@link WINDOW} characters spread evenly over it,
 * each cut at white space, so a long edition is read in bounded time and not only its title page.
 */
export function sampleWindows(text: string, maxChars: number): string[] {
  const count = Math.max(1, Math.floor(maxChars / WINDOW));
  if (text.length <= maxChars) {
    const windows: string[] = [];
    for (let at = 0; at < text.length; at += WINDOW) windows.push(text.slice(at, at + WINDOW));
    return windows.length ? windows : [''];
  }
  const windows: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * (text.length - WINDOW)) / Math.max(1, count - 1));
    const from = start === 0 ? -1 : text.indexOf(' ', start);
    const begin = from < 0 || from - start > 50 ? start : from + 1;
    let end = Math.min(text.length, begin + WINDOW);
    const space = text.lastIndexOf(' ', end);
    if (end < text.length && space > begin + WINDOW / 2) end = space;
    windows.push(text.slice(begin, end));
  }
  return windows;
}
