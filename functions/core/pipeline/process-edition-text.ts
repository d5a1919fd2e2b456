import { type AlignBudget, alignBudget, type BudgetRate } from '../align/budget.ts';
import { alignEdition } from '../align/index.ts';
import type { AlignResult } from '../align/types.ts';
import type { CharterStructure, ReviewedEdition } from '../structure/types.ts';
import { layOutLines, readingOrderText, textOfLines } from '../align/segment/reading-order.ts';
import { toSourceLines } from '../align/segment/segment-lines.ts';
import { type CleanOptions, cleanFragment, cleanText, cleanTextSync } from '../text/clean-text.ts';
import { type CleanedClause, clauseCleaner } from './clause-cleaning.ts';
import { type TextQuality, textQuality } from '../text/text-quality/index.ts';
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
  /**
   * The clock (milliseconds) of the alignment's time budget, proportional to the text's size (align/budget.ts):
   * started when alignment starts. Absent: alignment is not timed.
   */
  clock?: () => number;
  /** How the budget grows with the text (default `DEFAULT_BUDGET_RATE`). */
  budgetRate?: BudgetRate;
}

/** A cleaned and aligned edition. */
export interface EditionTextResult {
  /** The whole edition cleaned (paragraphs), or null when the language has no resources. */
  clean: CleanResult | null;
  alignment: AlignResult;
  /**
   * Text quality of each aligned clause (clause id -> score and unknown words), or null when the language has
   * no lexicon: its quality is unknown.
   */
  quality: Record<string, TextQuality> | null;
}

/**
 * Aligns an edition to the charter's clauses, cleaning each clause's text (after the columns are split) with
 * the language's lexicon when it has one. The one place that wires the cleaner into the aligner: the CLI, the
 * benchmarks and the ingest pipeline all align through it. The edition is cleaned once, whole, and each
 * clause takes the changes made inside it (see clause-cleaning.ts).
 */
export function alignCleaned(text: string, options: EditionTextOptions): AlignResult {
  return cleanAndAlign(text, options).alignment;
}

/**
 * The edition laid out once, cleaned once in reading order (with resources), and aligned, each clause's text
 * taking the whole-edition cleaning's changes; with the words the cleaner left unread inside clauses.
 */
function cleanAndAlign(
  text: string,
  options: EditionTextOptions,
): { clean: CleanResult | null; alignment: AlignResult; unread: Set<string> } {
  const { resources, confusions } = options;
  const lexicon = resources?.lexicon;
  // Laid out once: the clean edition is read in the order the aligner reads it.
  const layout = resources ? layOutLines(toSourceLines(text), layoutOptions(resources)) : undefined;
  const clean =
    resources && layout
      ? cleanTextSync(textOfLines(layout.laidOut.lines), {
          resources,
          confusions,
          detectedLang: options.detectedLang ?? null,
        })
      : null;
  const cleanClause = clean && layout ? clauseCleaner(layout.laidOut.lines, clean) : null;
  const unread = new Set<string>();
  const budget: AlignBudget | undefined = options.clock
    ? alignBudget(text.length, options.clock, options.budgetRate)
    : undefined;
  const alignment = alignEdition(text, {
    ...(layout ? { layout } : {}),
    ...(budget ? { budget } : {}),
    readability: readabilityOf(resources),
    structure: options.structure,
    references: options.references,
    lang: options.lang,
    conjunctions: resources?.settings.conjunctions,
    isWord: lexicon ? (word) => lexicon.has(word) : undefined,
    cleanFragment: resources
      ? (fragment, spans) => {
          // The whole edition's changes carried over; on its own only where the aligner cut the cleaner's lines.
          const cleaned =
            cleanClause?.(fragment, spans) ?? cleanOnItsOwn(fragment, text, resources, confusions);
          for (const word of cleaned.unread) unread.add(word);
          return cleaned.text;
        }
      : undefined,
  });
  return { clean, alignment, unread };
}

/** A clause's text cleaned on its own (the OCR corrector fitted on the whole edition's text). */
function cleanOnItsOwn(
  fragment: string,
  documentText: string,
  resources: LanguageResources,
  confusions: ConfusionModel | undefined,
): CleanedClause {
  const cleaned = cleanFragment(fragment, { resources, confusions, documentText });
  const unread = [...cleaned.changes, ...(cleaned.marks ?? [])]
    .filter((mark) => mark.ruleId === UNKNOWN_WORD_RULE && mark.actual)
    .map((mark) => mark.actual);
  return { text: cleaned.text, unread };
}

/** The `ruleId` of the cleaner's message for a word it could not read and left as it was. */
const UNKNOWN_WORD_RULE = 'unknown-word';

/**
 * The pipeline entry of the core: decoded text in, the whole edition cleaned (readable text and change log),
 * its clause alignment and each clause's text quality out.
 */
export async function processEditionText(
  text: string,
  options: EditionTextOptions,
): Promise<EditionTextResult> {
  const { clean, alignment, unread } = cleanAndAlign(text, options);
  return { clean, alignment, quality: clauseQuality(alignment, options.resources, unread) };
}

/**
 * The whole edition cleaned: put in reading order (columns one after the other, page furniture left out, as
 * the aligner reads it), then cleaned. The clean edition of `charter clean`, the pipeline and the benchmarks.
 */
export function cleanEdition(text: string, options: CleanOptions): Promise<CleanResult> {
  return cleanText(readingOrderText(text, layoutOptions(options.resources)), options);
}

/** The layout options of a language, as the aligner takes them. */
function layoutOptions(resources: LanguageResources) {
  const lexicon = resources.lexicon;
  return { conjunctions: resources.settings.conjunctions, isWord: (word: string) => lexicon.has(word) };
}

/** The text-quality score as the aligner's confidence reads it; undefined for a language without a lexicon. */
export function readabilityOf(resources: LanguageResources | null): ((text: string) => number) | undefined {
  if (!resources) return undefined;
  return (text) => textQuality(text, resources)?.score ?? 1;
}

/**
 * Text quality of each clause of an alignment, judged with the language's lexicon; null without one. Words
 * the cleaner reported as left unread count against their clause.
 */
export function clauseQuality(
  alignment: AlignResult,
  resources: LanguageResources | null,
  uncorrected: Iterable<string> = [],
): Record<string, TextQuality> | null {
  if (!resources) return null;
  const reported = new Set(uncorrected);
  return Object.fromEntries(
    alignment.clauses.map((clause) => [
      clause.id,
      textQuality(clause.text, resources, { uncorrected: reported }) as TextQuality,
    ]),
  );
}
