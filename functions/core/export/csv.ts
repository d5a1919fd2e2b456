/** CSV export (RFC 4180). */
import { exportLanguages, exportRows } from './rows.ts';
import type { ExportInput } from './types.ts';

/** One field: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The record as RFC 4180 CSV with CRLF line ends: a header
 * `clause,order,<lang>...,<lang>_confidence...,<lang>_quality...,flags`, then one line per clause in canonical
 * order. A clause an edition lacks is an empty cell, and so is an unknown text quality; `flags` holds the ids
 * of the clause's open flags, separated by spaces.
 */
export function toCsv(input: ExportInput): string {
  const langs = exportLanguages(input);
  const header = [
    'clause',
    'order',
    ...langs,
    ...langs.map((l) => `${l}_confidence`),
    ...langs.map((l) => `${l}_quality`),
    'flags',
  ];
  const lines = [header];
  for (const row of exportRows(input)) {
    lines.push([
      row.id,
      String(row.order),
      ...langs.map((l) => row.cells.get(l)?.text ?? ''),
      ...langs.map((l) => {
        const cell = row.cells.get(l);
        return cell ? String(cell.confidence) : '';
      }),
      ...langs.map((l) => {
        const quality = row.cells.get(l)?.quality;
        return typeof quality === 'number' ? String(quality) : '';
      }),
      row.flags.join(' '),
    ]);
  }
  return lines.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}
