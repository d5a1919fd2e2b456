/**
 * Shared by the F1 test and the evaluation report: aligns a corpus edition the way the CLI does
 * (language resources and H1's fragment cleaner when the language has them) and scores it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  defaultChartersRoot,
  loadCharterStructure,
  loadReviewedEditions,
} from '../functions/adapters/resources/charters.ts';
import { loadConfusionModel, loadLanguage } from '../functions/adapters/resources/index.ts';
import { alignCleaned } from '../functions/core/pipeline/process-edition-text.ts';
import type { AlignResult } from '../functions/core/align/types.ts';
import type { CharterStructure, ReviewedEdition } from '../functions/core/structure/types.ts';
import { decodeBytes } from '../functions/core/text/decode-bytes/index.ts';
import type { ConfusionModel, LanguageResources } from '../functions/core/text/types.ts';
import { clauseF1, type F1Score } from './f1.ts';

/** How to pick references: `other` = reviewed editions of the other languages, `none` = structure only. */
export type ReferenceMode = 'other' | 'none';

/** Everything needed to align editions of one charter, loaded once. */
export interface AlignContext {
  structure: CharterStructure;
  reviewed: ReviewedEdition[];
  resources: Map<string, LanguageResources>;
  confusions: ConfusionModel;
}

/** Loads the structure, reviewed editions, language resources (where they exist) and confusion model. */
export async function loadAlignContext(charter = 'integrating-cities'): Promise<AlignContext> {
  const structure = loadCharterStructure(charter);
  const reviewed = loadReviewedEditions(structure);
  const resources = new Map<string, LanguageResources>();
  for (const edition of reviewed) resources.set(edition.lang, await loadLanguage(edition.lang));
  return { structure, reviewed, resources, confusions: await loadConfusionModel() };
}

/** Raw text of a corpus edition. */
export function editionText(lang: string, charter = 'integrating-cities'): string {
  const path = join(defaultChartersRoot, charter, 'editions', `${lang}.txt`);
  return decodeBytes(new Uint8Array(readFileSync(path)), path).text;
}

/** Aligns `text` as language `lang` with the given reference mode. */
export function alignText(
  context: AlignContext,
  text: string,
  lang: string,
  mode: ReferenceMode,
): AlignResult {
  return alignCleaned(text, {
    structure: context.structure,
    references: mode === 'none' ? [] : context.reviewed.filter((e) => e.lang !== lang),
    lang,
    resources: context.resources.get(lang) ?? null,
    confusions: context.confusions,
  });
}

/** Clause texts of an alignment keyed by id. */
export function clauseTexts(result: AlignResult): Record<string, string> {
  return Object.fromEntries(result.clauses.map((c) => [c.id, c.text]));
}

/** F1 of an alignment against the reviewed transcription of `lang`. */
export function scoreAgainstReviewed(context: AlignContext, result: AlignResult, lang: string): F1Score {
  const reviewed = context.reviewed.find((e) => e.lang === lang);
  if (!reviewed) throw new Error(`no reviewed edition for ${lang}`);
  return clauseF1(clauseTexts(result), reviewed.clauses);
}
