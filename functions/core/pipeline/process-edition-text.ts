import { alignEdition } from '../align/index.ts';
import type { AlignResult } from '../align/types.ts';
import type { CharterStructure, ReviewedEdition } from '../structure/types.ts';
import { cleanFragment, cleanText } from '../text/clean-text.ts';
import type { CleanResult, ConfusionModel, LanguageResources } from '../text/types.ts';

/** Inputs of {@link alignCleaned} and {@link processEditionText}. */
export interface EditionTextOptions {
  structure: CharterStructure;
  /** Reviewed or stored editions of other languages (never the edition's own); empty for structure only. */
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
 * Aligns an edition to the charter's clauses, cleaning each clause's text (after the columns are split) with
 * the language's lexicon when it has one. The one place that wires the cleaner into the aligner: the CLI, the
 * benchmarks and the ingest pipeline all align through it.
 */
export function alignCleaned(text: string, options: EditionTextOptions): AlignResult {
  const { resources, confusions } = options;
  const lexicon = resources?.lexicon;
  return alignEdition(text, {
    structure: options.structure,
    references: options.references,
    lang: options.lang,
    conjunctions: resources?.settings.conjunctions,
    isWord: lexicon ? (word) => lexicon.has(word) : undefined,
    cleanFragment: resources
      ? (fragment) => cleanFragment(fragment, { resources, confusions, documentText: text }).text
      : undefined,
  });
}

/**
 * The pipeline entry of the core: decoded text in, the whole edition cleaned (readable text and change log) and
 * its clause alignment out.
 */
export async function processEditionText(
  text: string,
  options: EditionTextOptions,
): Promise<EditionTextResult> {
  const { resources, confusions } = options;
  const clean = resources
    ? await cleanText(text, { resources, confusions, detectedLang: options.detectedLang ?? null })
    : null;
  return { clean, alignment: alignCleaned(text, options) };
}
