/** The clause x language table every format is written from. */
import type { AcceptedDivergence, ExportInput, ExportRecord } from './types.ts';

/** One exported clause: its texts by language, the ids of its open flags and its accepted divergences. */
export interface ExportRow {
  id: string;
  order: number;
  cells: ReadonlyMap<string, ExportRecord>;
  flags: string[];
  accepted: AcceptedDivergence[];
}

/** The exported languages, sorted, without duplicates. */
export function exportLanguages(input: ExportInput): string[] {
  const langs = new Set(input.languages ?? []);
  for (const record of input.records) langs.add(record.lang);
  return [...langs].sort();
}

/**
 * The rows in canonical order. Clauses of the order come first, with or without text; records of clauses the
 * order does not know follow, by id. A second record of one clause and language replaces the first.
 */
export function exportRows(input: ExportInput): ExportRow[] {
  const rows = new Map<
    string,
    {
      id: string;
      order: number;
      cells: Map<string, ExportRecord>;
      flags: string[];
      accepted: AcceptedDivergence[];
    }
  >();
  for (const clause of input.clauses) {
    if (!rows.has(clause.id)) rows.set(clause.id, { ...clause, cells: new Map(), flags: [], accepted: [] });
  }
  const unknown = [...new Set(input.records.map((r) => r.clauseId).filter((id) => !rows.has(id)))].sort();
  let next = Math.max(-1, ...input.clauses.map((c) => c.order)) + 1;
  for (const id of unknown) rows.set(id, { id, order: next++, cells: new Map(), flags: [], accepted: [] });
  for (const record of input.records) rows.get(record.clauseId)!.cells.set(record.lang, record);
  for (const flag of input.flags ?? []) {
    const row = rows.get(flag.clause);
    if (row && !row.flags.includes(flag.id)) row.flags.push(flag.id);
  }
  for (const divergence of input.accepted ?? []) {
    const row = rows.get(divergence.clause);
    if (row && !row.accepted.some((a) => a.id === divergence.id)) row.accepted.push(divergence);
  }
  for (const row of rows.values()) {
    row.flags.sort();
    row.accepted.sort((a, b) => a.id.localeCompare(b.id));
  }
  return [...rows.values()];
}

/**
 * The source language: `requested` when it is one of `languages`; else, with `unitCounts` (units per
 * language), the language with the most units, so that the source has every unit any language has (ties: `en`,
 * then alphabetical); without counts, `en` when exported, else the first. Throws a RangeError naming the
 * languages when `requested` is not exported.
 */
export function sourceLanguage(
  languages: readonly string[],
  requested?: string,
  unitCounts?: ReadonlyMap<string, number>,
): string | undefined {
  if (requested !== undefined) {
    if (!languages.includes(requested)) {
      throw new RangeError(
        `source language "${requested}" is not exported (languages: ${languages.join(', ') || 'none'})`,
      );
    }
    return requested;
  }
  const preferred = languages.includes('en')
    ? ['en', ...languages.filter((l) => l !== 'en')]
    : [...languages];
  if (!unitCounts) return preferred[0];
  let best = preferred[0];
  for (const lang of preferred) {
    if ((unitCounts.get(lang) ?? 0) > (unitCounts.get(best!) ?? 0)) best = lang;
  }
  return best;
}
