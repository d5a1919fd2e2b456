/** Typed shapes of a charter's canonical structure and of reviewed editions. Pure data. */

/** What a clause is on the page. */
export type ClauseKind = 'heading' | 'paragraph' | 'bullet' | 'footnote' | 'colophon';

/** One anchor: alternative spellings of a language-independent string (year, place, acronym, English title). */
export type Anchor = readonly string[];

/** One canonical clause. */
export interface ClauseDef {
  id: string;
  kind: ClauseKind;
  /** Id of the group's first clause (a heading or lead-in and its bullets share one group). */
  group: string;
  /** Block of groups that editions move together. */
  section: string;
  anchors: Anchor[];
  /** The clause carries a footnote reference mark. */
  footnoteRef: boolean;
  /** Index in canonical order. */
  order: number;
  /** True when the clause introduces bullets of its group. */
  leadIn: boolean;
  /** 1-based position among the bullets of its group, 0 when not a bullet. */
  bulletIndex: number;
  /** Number of bullets in its group. */
  groupSize: number;
}

/** A charter's canonical structure: clauses in canonical order. */
export interface CharterStructure {
  charter: string;
  title: string;
  clauses: ClauseDef[];
}

/** A reviewed transcription of one edition: clause id -> clean text. */
export interface ReviewedEdition {
  charter: string;
  lang: string;
  clauses: Record<string, string>;
  residue: string[];
}
