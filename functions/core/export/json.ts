/** JSON export. */
import { exportLanguages, exportRows } from './rows.ts';
import type { ExportInput } from './types.ts';

/**
 * One clause of the JSON export; `texts` and `confidence` hold only the languages that have the clause,
 * `quality` only those whose text quality is known.
 */
export interface JsonExportClause {
  id: string;
  order: number;
  texts: Record<string, string>;
  confidence: Record<string, number>;
  quality: Record<string, number>;
  flags: string[];
  /** The languages whose text is a reviewer's correction: who, when, through which flag, the OCR text. */
  reviewed?: Record<string, { by: string; at: string; flagId: string; ocrText: string | null }>;
  /** Divergences accepted as real. */
  accepted?: Array<{ id: string; kind: string; langs: string[]; note: string; by: string; at: string }>;
}

/** The JSON export document. */
export interface JsonExport {
  charter: string;
  languages: string[];
  clauses: JsonExportClause[];
}

/**
 * The record as a JSON document: `{charter, languages, clauses:[{id, order, texts, confidence, quality, flags,
 * reviewed?, accepted?}]}`.
 */
export function toJsonExport(input: ExportInput): JsonExport {
  const langs = exportLanguages(input);
  return {
    charter: input.charter,
    languages: langs,
    clauses: exportRows(input).map((row) => {
      const present = langs.filter((l) => row.cells.has(l));
      return {
        id: row.id,
        order: row.order,
        texts: Object.fromEntries(present.map((l) => [l, row.cells.get(l)!.text])),
        confidence: Object.fromEntries(present.map((l) => [l, row.cells.get(l)!.confidence])),
        quality: Object.fromEntries(
          present.flatMap((l) => {
            const quality = row.cells.get(l)!.quality;
            return typeof quality === 'number' ? [[l, quality]] : [];
          }),
        ),
        flags: row.flags,
        ...(present.some((l) => row.cells.get(l)!.reviewed)
          ? {
              reviewed: Object.fromEntries(
                present.flatMap((l) => {
                  const reviewed = row.cells.get(l)!.reviewed;
                  return reviewed ? [[l, { ...reviewed }]] : [];
                }),
              ),
            }
          : {}),
        ...(row.accepted.length
          ? {
              accepted: row.accepted.map(({ id, kind, langs, note, by, at }) => ({
                id,
                kind,
                langs: [...langs],
                note,
                by,
                at,
              })),
            }
          : {}),
      };
    }),
  };
}

/** {@link toJsonExport} serialised, indented by two spaces, with a final newline. */
export function toJson(input: ExportInput): string {
  return `${JSON.stringify(toJsonExport(input), null, 2)}\n`;
}
