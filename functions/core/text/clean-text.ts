/**
 * The cleaning pipeline: one entry for a whole edition (`cleanText`) and two lighter ones for the
 * aligner, which splits columns between them (`prepareLines`, then `cleanFragment` per segment).
 *
 * Order, and why: normalise first, so control characters, list marks, footnote marks and debris
 * no longer sit at the line ends and starts the later rules read; dehyphenate second, so the OCR
 * corrector sees whole words ("sprakun-" + "dervisning" is only correctable as "sprakundervisning")
 * and the line structure it needs is still there; fix-ocr third; paragraphs last, because it needs
 * the lines and the unified bullets, and nothing after it does.
 */
import type { Root } from 'nlcst';
import { retext } from 'retext';
import type { Processor } from 'unified';
import { VFile } from 'vfile';
import { startChangeLog } from './change-log.ts';
import { linesOf, textOf } from './nlcst-lines/index.ts';
import retextDehyphenate from './retext-dehyphenate/index.ts';
import { cheapReading } from './retext-fix-ocr/cheap-reading.ts';
import retextFixOcr from './retext-fix-ocr/index.ts';
import retextNormalise from './retext-normalise/index.ts';
import retextParagraphs from './retext-paragraphs/index.ts';
import retextSpecks from './retext-specks/index.ts';
import type { Change, CleanResult, ConfusionModel, LanguageResources } from './types.ts';

/** Options of {@link cleanText}. */
export interface CleanOptions {
  /** Settings, lexicon and frequency list of the text's language. */
  resources: LanguageResources;
  /** OCR confusion model; without it, words are not corrected (only layout and glyphs are). */
  confusions?: ConfusionModel;
  /** The language detected from the text, reported back as `detectedLang` (null when not detected). */
  detectedLang?: string | null;
}

/** Options of {@link cleanFragment}. */
export interface FragmentOptions {
  resources: LanguageResources;
  confusions?: ConfusionModel;
  /** Share of diacritics the whole edition lost; a fragment is too short to estimate it. */
  diacriticLossRate?: number;
  /**
   * The whole edition the fragment comes from: the OCR corrector fits its confusion costs on it
   * (once per edition) instead of on the fragment, which is too short to show how the OCR failed.
   */
  documentText?: string;
}

/** One line of {@link prepareLines}' output with the input offset of its first character. */
export interface PreparedLine {
  text: string;
  start: number;
}

/** What {@link prepareLines} returns: the text, its changes, and its lines located in the input. */
export interface PreparedText {
  text: string;
  changes: Change[];
  lines: PreparedLine[];
}

/** Text and changes of a partial clean. */
export interface PartialCleanResult {
  text: string;
  changes: Change[];
  /** Words left as they are and marked (`unknown-word`): see {@link CleanResult.marks}. */
  marks?: Change[];
}

type TextProcessor = Processor<Root, Root, Root, Root, string>;

/** Clean an OCR'd or extracted edition: normalise, dehyphenate, correct words, rebuild paragraphs. */
export async function cleanText(input: string, options: CleanOptions): Promise<CleanResult> {
  return cleanTextSync(input, options);
}

/** {@link cleanText}, synchronously (the pipeline cleans an edition once, before aligning it). */
export function cleanTextSync(input: string, options: CleanOptions): CleanResult {
  const { resources, confusions, detectedLang = null } = options;
  const { text, changes, marks } = run(editionProcessor(resources, confusions), input);
  return { lang: resources.settings.lang, detectedLang, text, changes, marks: marks ?? [] };
}

const editionProcessors = new WeakMap<LanguageResources, WeakMap<object, TextProcessor>>();

/** The whole-edition pipeline of a language and confusion model, built once. */
function editionProcessor(
  resources: LanguageResources,
  confusions: ConfusionModel | undefined,
): TextProcessor {
  let byModel = editionProcessors.get(resources);
  if (!byModel) {
    byModel = new WeakMap();
    editionProcessors.set(resources, byModel);
  }
  let processor = byModel.get(confusions ?? NO_MODEL);
  if (!processor) {
    const conjunctions = resources.settings.conjunctions;
    processor = retext()
      .use(retextNormalise)
      .use(retextDehyphenate, {
        conjunctions,
        lexicon: resources.lexicon,
        frequency: resources.frequency,
        ...(confusions ? { correct: readingsOf(resources, confusions) } : {}),
      })
      .use(retextSpecks, { lexicon: resources.lexicon, frequency: resources.frequency })
      .use(confusions ? retextFixOcr : noop, { resources, confusions: confusions! })
      .use(retextSpecksAgain, { lexicon: resources.lexicon, frequency: resources.frequency })
      .use(retextParagraphs, { conjunctions })
      .freeze() as unknown as TextProcessor;
    byModel.set(confusions ?? NO_MODEL, processor);
  }
  return processor;
}

/**
 * Glyph-level normalisation only (retext-normalise), never joining lines: list marks unified to
 * `- `, debris, page numbers and running headers removed, footnote marks removed (reported as
 * `footnote-mark` changes), control and replacement characters gone. For the aligner, which splits
 * columns on these lines: `lines` gives each line with the input offset of its first character.
 */
export function prepareLines(input: string): PreparedText {
  const file = new VFile({ value: input });
  const log = startChangeLog(file);
  const tree = normaliser.runSync(normaliser.parse(file), file);
  return {
    text: normaliser.stringify(tree, file).trim(),
    changes: inReadingOrder(log),
    lines: sourceLines(tree, input),
  };
}

const normaliser = retext().use(retextNormalise).freeze() as unknown as TextProcessor;

/** The lines of a normalised tree, each with the input offset of its first character. */
function sourceLines(tree: Root, input: string): PreparedLine[] {
  const lines: PreparedLine[] = [];
  let next = 0;
  for (const line of linesOf(tree)) {
    const raw = textOf(line.leaves);
    const text = raw.trimStart();
    const anchor = line.leaves.findIndex((leaf) => leaf.node.position?.start.offset !== undefined);
    const start =
      anchor < 0
        ? next
        : line.leaves[anchor]!.node.position!.start.offset! - textOf(line.leaves.slice(0, anchor)).length;
    lines.push({ text: text.trimEnd(), start: start + raw.length - text.length });
    const end = line.end?.node.position;
    if (end?.start.offset === undefined || end.end.offset === undefined) continue;
    const breaks = /\r\n|\r|\n|\u2028|\u2029|\f/gu;
    breaks.lastIndex = end.start.offset;
    const after: number[] = [];
    for (let match = breaks.exec(input); match && match.index < end.end.offset; match = breaks.exec(input)) {
      after.push(match.index + match[0].length);
    }
    for (const blank of after.slice(0, -1)) lines.push({ text: '', start: blank });
    next = after.at(-1) ?? end.end.offset;
  }
  return lines;
}

/**
 * Clean one segment's text (already through {@link prepareLines}): join line-end hyphenation,
 * correct OCR-damaged words and collapse white space to single spaces.
 */
export function cleanFragment(input: string, options: FragmentOptions): PartialCleanResult {
  const processor = fragmentProcessor(options);
  const { text, changes, marks } = run(processor, input);
  return { text: text.replace(/\s+/gu, ' ').trim(), changes, marks: marks ?? [] };
}

const fragmentProcessors = new WeakMap<LanguageResources, WeakMap<object, Map<string, TextProcessor>>>();
const NO_MODEL = {};
const MAX_CACHED_DOCUMENTS = 8;

/** The processor of the last call: a long edition's fragments skip re-keying its whole text each time. */
let lastFragment: { options: FragmentOptions; processor: TextProcessor } | undefined;

/** Fragments come by the hundred: build each processor (and fix-ocr's tables) once. */
function fragmentProcessor(options: FragmentOptions): TextProcessor {
  const { resources, confusions, diacriticLossRate, documentText } = options;
  const last = lastFragment?.options;
  if (
    last?.resources === resources &&
    last.confusions === confusions &&
    last.diacriticLossRate === diacriticLossRate &&
    last.documentText === documentText
  )
    return lastFragment!.processor;
  let byModel = fragmentProcessors.get(resources);
  if (!byModel) {
    byModel = new WeakMap();
    fragmentProcessors.set(resources, byModel);
  }
  let byRate = byModel.get(confusions ?? NO_MODEL);
  if (!byRate) {
    byRate = new Map();
    byModel.set(confusions ?? NO_MODEL, byRate);
  }
  const key = `${diacriticLossRate ?? 'auto'}\u0000${documentText ?? ''}`;
  let processor = byRate.get(key);
  if (!processor) {
    // One processor per edition being aligned; a long-lived process sees many editions.
    if (byRate.size >= MAX_CACHED_DOCUMENTS) byRate.clear();
    processor = retext()
      .use(retextDehyphenate, {
        conjunctions: resources.settings.conjunctions,
        lexicon: resources.lexicon,
        frequency: resources.frequency,
        ...(confusions ? { correct: readingsOf(resources, confusions) } : {}),
      })
      .use(retextSpecks, { lexicon: resources.lexicon, frequency: resources.frequency })
      .use(confusions ? retextFixOcr : noop, {
        resources,
        confusions: confusions!,
        ...(diacriticLossRate === undefined ? {} : { diacriticLossRate }),
        ...(documentText === undefined ? {} : { documentText }),
      })
      .use(retextSpecksAgain, { lexicon: resources.lexicon, frequency: resources.frequency })
      .freeze() as unknown as TextProcessor;
    byRate.set(key, processor);
  }
  lastFragment = { options: { resources, confusions, diacriticLossRate, documentText }, processor };
  return processor;
}

function noop() {}

/**
 * retext-specks once more after the OCR corrector: a word it read ("mediem.af" -> "medlem.af") may now
 * show a speck between two words. A plugin of its own, as unified runs one plugin once per processor.
 */
function retextSpecksAgain(options: Parameters<typeof retextSpecks>[0]) {
  return retextSpecks(options);
}

const readings = new WeakMap<
  LanguageResources,
  WeakMap<ConfusionModel, (word: string) => string | undefined>
>();

/** The cheap-reading function of a language and confusion model, built once (it caches its answers). */
function readingsOf(resources: LanguageResources, confusions: ConfusionModel) {
  let byModel = readings.get(resources);
  if (!byModel) {
    byModel = new WeakMap();
    readings.set(resources, byModel);
  }
  let found = byModel.get(confusions);
  if (!found) {
    found = cheapReading(resources, confusions);
    byModel.set(confusions, found);
  }
  return found;
}

/** ruleId of a word the OCR corrector left as it is for want of a good reading (a mark, not a change). */
const UNKNOWN_WORD = 'unknown-word';

function run(processor: TextProcessor, input: string): PartialCleanResult {
  const file = new VFile({ value: input });
  const log = startChangeLog(file);
  const tree = processor.runSync(processor.parse(file), file);
  const text = processor.stringify(tree, file).trim();
  const all = inReadingOrder(log);
  return {
    text,
    changes: all.filter((change) => change.ruleId !== UNKNOWN_WORD),
    marks: all.filter((change) => change.ruleId === UNKNOWN_WORD),
  };
}

/** The changes of a cleaned file in reading order of the input (the order reported within a place). */
function inReadingOrder(changes: Change[]): Change[] {
  return changes.sort((a, b) => a.line - b.line || a.column - b.column);
}
