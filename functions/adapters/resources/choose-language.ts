/**
 * The language an edition is cleaned in, shared by `charter clean`, `charter align` and the ingest pipeline: the
 * given language or the detected one, its resources, or why the text is left as it is.
 */
import type { Identification } from '../../core/text/detect-language/identify.ts';
import type { LanguageResources } from '../../core/text/types.ts';
import { UnknownLanguageError } from './errors.ts';
import { identifyTextLanguage, knownLanguages, loadLanguage } from './index.ts';

/** The code an edition whose language could not be told is stored under (BCP 47 "undetermined"). */
export const UNDETERMINED = 'und';

/** What {@link chooseLanguage} decided. */
export interface LanguageChoice {
  /** The language given, or detected; {@link UNDETERMINED} when it could not be told. */
  lang: string;
  /** The language detected from the text; null when one was given or none could be told. */
  detectedLang: string | null;
  /** Lexicon, frequency list and settings; null when the text is to be left as it is. */
  resources: LanguageResources | null;
  /** Why the text is left as it is (null when it is cleaned). */
  reason: string | null;
  /** The detector's verdict when it ran. */
  identification?: Identification;
}

/**
 * Chooses the language of a text: `given` when there is one, else the detected one. A language without data
 * (no lexicon) or one that could not be told gives no resources and a reason, so the text is aligned as it is.
 */
export async function chooseLanguage(
  text: string,
  given: string | null | undefined,
  name = 'the text',
): Promise<LanguageChoice> {
  if (given) {
    const resources = await loadLanguage(given).catch((error: unknown) => {
      if (error instanceof UnknownLanguageError) return null;
      throw error;
    });
    const reason = resources
      ? null
      : `no lexicon for '${given}' (supported: ${(await knownLanguages()).join(', ')}); the text is left as it is`;
    return { lang: given, detectedLang: null, resources, reason };
  }
  const identification = await identifyTextLanguage(text);
  if (identification.lang) {
    return {
      lang: identification.lang,
      detectedLang: identification.lang,
      resources: await loadLanguage(identification.lang),
      reason: null,
      identification,
    };
  }
  return {
    lang: UNDETERMINED,
    detectedLang: null,
    resources: null,
    reason: `${unknownReason(name, identification)}; the text is left as it is (name its language if it is a supported one)`,
    identification,
  };
}

function unknownReason(name: string, identification: Identification): string {
  const guess = identification.trigramGuess;
  if (identification.reason === 'too-short') return `${name} is too short to tell its language`;
  if (identification.reason === 'unsupported') {
    return `${name} is in a language without a lexicon here (it reads most like ISO 639-3 '${guess}')`;
  }
  return `cannot tell the language of ${name}: no supported language's lexicon knows enough of its words`;
}
