/** Shapes of the alignment step. */
import type { AlignBudget } from './budget.ts';
import type { LayoutDamage } from './confidence/features.ts';
import type { EditionLayout } from './segment/reading-order.ts';
import type { CharterStructure, ReviewedEdition } from '../structure/types.ts';
import type { Segment, SourceLine, SourceSpan } from './segment/types.ts';

/** Inputs of {@link alignEdition}. */
export interface AlignOptions {
  structure: CharterStructure;
  /** Reviewed editions of other languages (never the edition's own); empty for structure-only alignment. */
  references: readonly ReviewedEdition[];
  /** Language of the edition, for the result. */
  lang: string;
  /**
   * Line-preserving preparation of the raw text (bullets unified, debris removed), returning lines with
   * their source offsets. Defaults to splitting at line breaks.
   */
  prepareLines?: (text: string) => SourceLine[];
  /** The text already laid out by `layOutLines` with these options (the pipeline lays it out once). */
  layout?: EditionLayout;
  /**
   * Cleans one clause's text (dehyphenation, OCR word fixes), given where its parts lie in the source (in the
   * order of the text), so that a caller that cleaned the whole edition can carry its changes over. Defaults to
   * white-space tidying.
   */
  cleanFragment?: (text: string, spans: readonly SourceSpan[]) => string;
  /** Short words that may follow a suspended-compound hyphen ("jämlikhets- och"). */
  conjunctions?: readonly string[];
  /** True when a word is a word of the edition's language (the lexicon); helps cut two-column lines. */
  isWord?: (word: string) => boolean;
  /**
   * Passes that re-align with a word table and order anchors learned from the previous pass's sure pairs
   * (default 1; 0 keeps the first pass).
   */
  realignPasses?: number;
  /**
   * How readable a clause text is in the edition's language, in [0, 1] (the text-quality score); the
   * confidence weighs it, since a clause too damaged to read is not the clause's text. Absent: not judged.
   */
  readability?: (text: string) => number;
  /** A time budget, checked between the aligner's stages (see budget.ts); absent: no limit. */
  budget?: AlignBudget;
}

/** One canonical clause as found in the edition. */
export interface AlignedClause {
  id: string;
  /** Cleaned text, its parts joined in reading order. */
  text: string;
  /**
   * Calibrated probability that the text is this clause's text, in [0, 1] (see functions/core/align/confidence):
   * of the clauses given 0.9, nine in ten are right.
   */
  confidence: number;
  /** The decoder's posterior for the assignment, before calibration. */
  posterior?: number;
  /** Where the text came from in the source. */
  spans: SourceSpan[];
  /** Indexes of the segments the text came from. */
  segments: number[];
}

/** A piece of text that belongs to no clause. */
export interface ResidueItem {
  text: string;
  spans: SourceSpan[];
  /** Probability that the text belongs to no clause. */
  confidence: number;
}

/** The alignment of one edition. */
export interface AlignResult {
  charter: string;
  lang: string;
  /** Found clauses in canonical order. */
  clauses: AlignedClause[];
  residue: ResidueItem[];
  /** Canonical clauses not found in the edition. */
  missing: string[];
  segments: Segment[];
  /** How damaged the edition's layout was (shares of its text lines); the confidences weigh it. */
  layout?: LayoutDamage;
}
