import {
  defaultChartersRoot,
  loadCharterStructure,
  loadReviewedEditions,
} from '../adapters/resources/charters.ts';
import { chooseLanguage } from '../adapters/resources/choose-language.ts';
import { TextWithoutLanguageError } from '../adapters/resources/errors.ts';
import {
  identifyTextLanguage,
  loadConfusionModel,
  loadFrequencyLists,
  loadLanguageFile,
} from '../adapters/resources/index.ts';
import {
  DeclaredLanguageError,
  languageMismatchReason,
  NotTextInputError,
  notLanguageReason,
} from '../core/editions/text-gate.ts';
import { lexiconShare } from '../core/text/detect-language/lexicon-share.ts';
import { readsAsDeclared } from '../core/text/detect-language/reads-as-declared.ts';
import type { EditionProcessor, ProcessRequest } from '../core/editions/ingest-edition.ts';
import { editionFromAlignment } from '../core/diverge/index.ts';
import type { BudgetRate } from '../core/align/budget.ts';
import { processEditionText } from '../core/pipeline/process-edition-text.ts';
import { withCorrections } from '../core/reviews/reference-texts.ts';
import type { ReviewedClause } from '../core/reviews/types.ts';
import type { ReviewedEdition } from '../core/structure/types.ts';
import { decodeBytes } from '../core/text/decode-bytes/index.ts';

/** Reviewers' corrected clause texts of a charter (the review store's `listReviewedClauses`). */
export type CorrectionSource = (charter: string) => Promise<ReviewedClause[]>;

/**
 * The ingest Lambda's processor: decode, detect the language when asked, load its lexicon (if it has one),
 * clean (a language without a lexicon, or one that cannot be told, is aligned as it is: `cleaned: false` with the
 * reason, stored under `und` when unknown) and align against the charter's reviewed editions of the other languages, and the stored editions
 * of languages that have no reviewed one.
 */
export function createEditionProcessor(options: ProcessorOptions = {}): EditionProcessor {
  return async (request) =>
    processOne(request, (await options.corrections?.(request.charter)) ?? [], {
      clock: options.clock ?? (() => performance.now()),
      ...(options.budgetRate ? { budgetRate: options.budgetRate } : {}),
    });
}

/** Options of {@link createEditionProcessor}. */
export interface ProcessorOptions {
  corrections?: CorrectionSource;
  /** The clock of the alignment's time budget (default `performance.now`). */
  clock?: () => number;
  /** How the alignment's time budget grows with the text (default: align/budget.ts). */
  budgetRate?: BudgetRate;
}

/** The processor without reviewers' corrections. */
export const processEdition: EditionProcessor = createEditionProcessor();

/**
 * Decodes, cleans and aligns one edition. Corrected clause texts from reviewers replace the reference texts of
 * their language, so a correction made in review steers every later alignment of the other editions.
 */
async function processOne(
  request: ProcessRequest,
  corrections: ReviewedClause[],
  timing: { clock: () => number; budgetRate?: BudgetRate },
) {
  const structure = loadCharterStructure(request.charter, chartersRoot());
  const { text } = decodeBytes(request.bytes, request.name);
  // Garbage never reaches the aligner: it is rejected here, in time proportional to its size.
  const garbage = notLanguageReason(text, request.name);
  if (garbage) throw new NotTextInputError(garbage);
  const { lang, detectedLang, resources, reason, identification } = await chooseLanguage(
    text,
    request.lang,
    request.name,
  );
  if (request.lang && resources) {
    const mismatch = await declaredLanguageProblem(text, request.lang, resources, request.name);
    if (mismatch) throw new DeclaredLanguageError(mismatch);
  }
  // Stored under "und", a text with hardly any letters would take the place of a real edition in a language
  // that cannot be told: refuse it instead (named uploads are aligned whatever they hold).
  if (identification?.reason === 'too-short') {
    throw new TextWithoutLanguageError(`${request.name} has too few letters to tell its language: ${reason}`);
  }
  const confusions = resources ? await loadConfusionModel() : undefined;
  const references = editionReferences(request, structure, lang, corrections);
  const { clean, alignment, quality } = await processEditionText(text, {
    structure,
    references,
    lang,
    detectedLang,
    resources,
    confusions,
    ...timing,
  });
  const order = new Map(structure.clauses.map((clause, index) => [clause.id, index]));
  return {
    lang,
    detectedLang,
    cleanedText: clean?.text ?? alignment.clauses.map((c) => c.text).join('\n\n'),
    clauses: alignment.clauses.map((c) => ({
      id: c.id,
      order: order.get(c.id) ?? 0,
      text: c.text,
      confidence: c.confidence,
      quality: quality?.[c.id]?.score ?? null,
      unknownWords: quality?.[c.id]?.unknownWords ?? [],
    })),
    residue: (editionFromAlignment(alignment).residue ?? []).map((entry) =>
      typeof entry === 'string' ? { text: entry } : { ...entry },
    ),
    changes: clean?.changes ?? [],
    referenceLangs: references.map((r) => r.lang),
    cleaned: resources !== null,
    cleanReason: reason,
    totalClauses: structure.clauses.length,
  };
}

/**
 * Why a text declared in `declared` (a language with a lexicon) does not read as it, or null. The full
 * identification, which loads the lexicons of the other languages the trigrams propose, runs only when the
 * cheap signals (trigrams, the declared lexicon, the frequency lists) do not all name the declared language.
 */
export async function declaredLanguageProblem(
  text: string,
  declared: string,
  resources: NonNullable<Awaited<ReturnType<typeof chooseLanguage>>['resources']>,
  name: string,
): Promise<string | null> {
  const words = sampleWords(text);
  const share = words.length ? lexiconShare(resources.lexicon, words).folded : null;
  if (share !== null) {
    const [{ iso6393 }, lists] = await Promise.all([loadLanguageFile(declared), loadFrequencyLists()]);
    if (await readsAsDeclared(text, { lang: declared, iso6393, share }, lists)) return null;
  }
  const verdict = await identifyTextLanguage(text);
  return languageMismatchReason(declared, verdict, share, name);
}

/** Up to 400 words spread over the text: enough to tell whether a lexicon knows them. */
export function sampleWords(text: string): string[] {
  const words = text.match(/\p{L}{2,}/gu) ?? [];
  const step = Math.max(1, Math.floor(words.length / 400));
  return words.filter((_, i) => i % step === 0).slice(0, 400);
}

/**
 * The references an edition in `lang` is aligned against: the reviewed editions shipped with the charter, the
 * stored editions of languages that have none, and over both the reviewers' corrected clause texts.
 */
export function editionReferences(
  request: ProcessRequest,
  structure: ReturnType<typeof loadCharterStructure>,
  lang: string,
  corrections: readonly ReviewedClause[],
): ReviewedEdition[] {
  return withCorrections(referencesFor(request, structure, lang), corrections, lang);
}

/** Reviewed editions shipped with the charter first; stored editions for languages that have none. */
function referencesFor(
  request: ProcessRequest,
  structure: ReturnType<typeof loadCharterStructure>,
  lang: string,
): ReviewedEdition[] {
  const reviewed = loadReviewedEditions(structure, { root: chartersRoot(), exclude: [lang] });
  const reviewedLangs = new Set(reviewed.map((r) => r.lang));
  const stored = [...request.references]
    .filter(([refLang]) => refLang !== lang && !reviewedLangs.has(refLang))
    .map(([refLang, clauses]) => ({
      charter: request.charter,
      lang: refLang,
      clauses: Object.fromEntries(clauses),
      residue: [],
    }));
  return [...reviewed, ...stored];
}

function chartersRoot(): string {
  return process.env.CHARTER_ROOT ? `${process.env.CHARTER_ROOT}/corpus/charters/` : defaultChartersRoot;
}
