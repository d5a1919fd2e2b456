import { alignEdition } from '../align/index.ts';
import type { AlignResult } from '../align/types.ts';
import type { CharterStructure, ReviewedEdition } from '../structure/types.ts';
import { cleanFragment, cleanText } from '../text/clean-text.ts';
import type { CleanResult, ConfusionModel, LanguageResources } from '../text/types.ts';

/** Inputs of {@link processEditionText}. */
export interface EditionTextOptions {
  structure: CharterStructure;
  /** Reviewed or stored editions of other languages (never the edition's own). */
  references: readonly ReviewedEdition[];
  lang: string;
  detectedLang?: string | null;
  /** Lexicon and settings of the language; null for a language without them (aligned, not word-corrected). */
  resources: LanguageResources | null;
  confusions?: ConfusionModel;
}

/** A cleaned and aligned edition. */
export interface EditionTextResult {
  /** The whole edition cleaned (paragraphs), or null when the language has no resources. */
  clean: CleanResult | null;
  alignment: AlignResult;
}

/**
 * The pipeline entry of the core: decoded text in, cleaned text and clause alignment out.
 * The whole-text clean gives the readable edition and its change log; the aligner cleans each clause's
 * text itself after splitting columns, with the same plugins.
 */
export async function processEditionText(
  text: string,
  options: EditionTextOptions,
): Promise<EditionTextResult> {
  const { resources, confusions } = options;
  const clean = resources
    ? await cleanText(text, { resources, confusions, detectedLang: options.detectedLang ?? null })
    : null;
  const alignment = alignEdition(text, {
    structure: options.structure,
    references: options.references,
    lang: options.lang,
    conjunctions: resources?.settings.conjunctions,
    cleanFragment: resources
      ? (fragment) => cleanFragment(fragment, { resources, confusions, documentText: text }).text
      : undefined,
  });
  return { clean, alignment };
}
