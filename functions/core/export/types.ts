/** Inputs of the export formatters: a charter's aligned record, clause by clause. Pure data. */
import type { ClauseRecord } from '../editions/types.ts';

/** The formats a charter's aligned record is exported in. */
export type ExportFormat = 'tmx' | 'csv' | 'json';

/** One canonical clause: its id and its position in the charter's canonical order. */
export interface ExportClause {
  id: string;
  order: number;
}

/** An open review flag, as far as an export names it. */
export interface ExportFlag {
  id: string;
  clause: string;
  langs: readonly string[];
}

/** A divergence a reviewer accepted as real: kept in the export as a note on its unit. */
export interface AcceptedDivergence extends ExportFlag {
  kind: string;
  /** The reviewer's note, who and when. */
  note: string;
  by: string;
  at: string;
}

/**
 * The part of a stored clause an export carries; `quality` null or absent: unknown. `reviewed`: the text is a
 * reviewer's correction, with the OCR text it replaced.
 */
export type ExportRecord = Pick<
  ClauseRecord,
  'clauseId' | 'lang' | 'text' | 'confidence' | 'quality' | 'version' | 'reviewed'
>;

/** What every formatter takes. */
export interface ExportInput {
  charter: string;
  /** The charter's clauses in canonical order. */
  clauses: readonly ExportClause[];
  /** The clauses of every current edition. A record whose clause is not in `clauses` is exported after them. */
  records: readonly ExportRecord[];
  /** The languages exported (editions with no clause included); default: those of `records`. */
  languages?: readonly string[];
  /** Open review flags; a flag on a clause not exported is left out. */
  flags?: readonly ExportFlag[];
  /** Divergences accepted as real, noted on their clause's unit. */
  accepted?: readonly AcceptedDivergence[];
}

/** Options of the formatters. */
export interface ExportOptions {
  /** Source language (TMX `srclang`); default: the language with the most units (ties: `en`, then alphabetical). */
  source?: string;
  /** TMX `creationdate`; left out when absent, so that the same record gives the same bytes. */
  createdAt?: Date;
}
