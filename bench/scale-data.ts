/**
 * Synthetic long charters for the scale benchmark (bench/scale.ts): the integrating-cities structure, its
 * reviewed editions and its OCR'd Swedish seed edition repeated R times.
 *
 * Repeat r (0-based) suffixes every clause id, group and section with `~r`. So that the repeats are not all
 * identical, every year (a four-digit number 1900-2099) is shifted by 100 x r, in the structure's anchors, the
 * reviewed editions and the edition alike ("2004" stays in repeat 0, becomes "2104" in repeat 1): the repeats
 * differ exactly where a clause holds a year, and are otherwise told apart by their position alone.
 */
import type { CharterStructure, ClauseDef, ReviewedEdition } from '../functions/core/structure/types.ts';

/** Everything one scale run needs. */
export interface ScaleCase {
  repeats: number;
  structure: CharterStructure;
  /** The edition to align (the OCR'd seed edition repeated). */
  text: string;
  /** Its reviewed clauses, the F1 gold. */
  expected: Record<string, string>;
  /** The other languages' reviewed editions repeated. */
  references: ReviewedEdition[];
}

const YEAR = /\b(19|20)\d\d\b/g;

/** Shifts every year of `text` by 100 x `repeat`. */
export function shiftYears(text: string, repeat: number): string {
  if (repeat === 0) return text;
  return text.replace(YEAR, (y) => String(Number(y) + 100 * repeat));
}

const suffix = (id: string, repeat: number) => `${id}~${repeat}`;

/** The structure repeated `repeats` times (ids, groups and sections suffixed, years in anchors shifted). */
export function repeatStructure(structure: CharterStructure, repeats: number): CharterStructure {
  const n = structure.clauses.length;
  const clauses: ClauseDef[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const clause of structure.clauses) {
      clauses.push({
        ...clause,
        id: suffix(clause.id, r),
        group: suffix(clause.group, r),
        section: suffix(clause.section, r),
        order: clause.order + r * n,
        anchors: clause.anchors.map((anchor) => anchor.map((spelling) => shiftYears(spelling, r))),
      });
    }
  }
  return { ...structure, charter: `${structure.charter}-x${repeats}`, clauses };
}

/** A reviewed edition repeated to match {@link repeatStructure}. */
export function repeatReviewed(edition: ReviewedEdition, repeats: number): ReviewedEdition {
  const clauses: Record<string, string> = {};
  for (let r = 0; r < repeats; r++) {
    for (const [id, text] of Object.entries(edition.clauses)) clauses[suffix(id, r)] = shiftYears(text, r);
  }
  return {
    ...edition,
    charter: `${edition.charter}-x${repeats}`,
    clauses,
    residue: Array.from({ length: repeats }, (_, r) => edition.residue.map((t) => shiftYears(t, r))).flat(),
  };
}

/** The raw edition text repeated, one blank line between the repeats. */
export function repeatEdition(text: string, repeats: number): string {
  return Array.from({ length: repeats }, (_, r) => shiftYears(text.trim(), r)).join('\n\n');
}

/** A scale case of `repeats` x the base charter, aligning edition `lang` against the other languages. */
export function scaleCase(
  structure: CharterStructure,
  reviewed: readonly ReviewedEdition[],
  editionText: string,
  lang: string,
  repeats: number,
): ScaleCase {
  const own = reviewed.find((e) => e.lang === lang);
  if (!own) throw new Error(`no reviewed edition for ${lang}`);
  return {
    repeats,
    structure: repeatStructure(structure, repeats),
    text: repeatEdition(editionText, repeats),
    expected: repeatReviewed(own, repeats).clauses,
    references: reviewed.filter((e) => e.lang !== lang).map((e) => repeatReviewed(e, repeats)),
  };
}
