/**
 * Reviewed reference texts from a translation memory: each TMX unit whose id is a clause of the charter gives,
 * per language variant, the reviewed text of that clause in that language (what a reviewer's correction
 * stores, and what later alignments use as reference).
 */
import type { ReviewedClause, ReviewStore } from '../reviews/types.ts';
import type { TmxDocument } from './tmx.ts';

/** One reviewed text read from a unit. */
export interface ImportedText {
  clauseId: string;
  lang: string;
  text: string;
}

/** What a TMX document gives for a charter. */
export interface TmxImport {
  texts: ImportedText[];
  /** Languages with at least one text, sorted. */
  languages: string[];
  /** Units (or variants) left out, and why. */
  skipped: Array<{ unit: string; reason: string }>;
}

/** The header's `x-charter` property (charter-align's exports name their charter there), if any. */
export function tmxCharter(document: TmxDocument): string | undefined {
  return document.props['x-charter'] || undefined;
}

/**
 * The reviewed texts of `document` for the charter whose clause ids are `clauseIds`. A unit is a clause by its
 * `tuid` (or an `x-clause` property); units of no known clause and empty segments are skipped with a reason;
 * a second variant of one clause and language replaces the first. Texts are kept as written (no trimming).
 */
export function reviewedTextsFromTmx(document: TmxDocument, clauseIds: ReadonlySet<string>): TmxImport {
  const texts = new Map<string, ImportedText>();
  const skipped: TmxImport['skipped'] = [];
  for (const [index, unit] of document.units.entries()) {
    const clauseId = unit.id ?? unit.props['x-clause'];
    const name = clauseId ?? `unit ${index + 1}`;
    if (!clauseId) {
      skipped.push({ unit: name, reason: 'no tuid naming a clause' });
      continue;
    }
    if (!clauseIds.has(clauseId)) {
      skipped.push({ unit: name, reason: 'not a clause of this charter' });
      continue;
    }
    for (const variant of unit.variants) {
      if (!variant.text.trim()) {
        skipped.push({ unit: `${name} (${variant.lang})`, reason: 'empty segment' });
        continue;
      }
      texts.set(`${clauseId}\u0000${variant.lang}`, { clauseId, lang: variant.lang, text: variant.text });
    }
  }
  const list = [...texts.values()];
  return { texts: list, languages: [...new Set(list.map((t) => t.lang))].sort(), skipped };
}

/** Who imports, when, and from which file (recorded in place of the flag a correction names). */
export interface ImportSource {
  charter: string;
  by: string;
  at: string;
  /** Stored as the reviewed text's `flagId`: `import:<file name>`. */
  file: string;
}

/** Stores each text as the reviewed text of its clause and language; returns the records written. */
export async function saveImportedTexts(
  texts: readonly ImportedText[],
  source: ImportSource,
  reviews: Pick<ReviewStore, 'saveReviewedClause'>,
): Promise<ReviewedClause[]> {
  const records = texts.map((t) => ({
    charter: source.charter,
    clauseId: t.clauseId,
    lang: t.lang,
    text: t.text,
    by: source.by,
    at: source.at,
    flagId: `import:${source.file}`,
  }));
  for (const record of records) await reviews.saveReviewedClause(record);
  return records;
}
