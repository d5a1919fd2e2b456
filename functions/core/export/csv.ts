/** CSV export (RFC 4180). */
import { exportLanguages, exportRows } from './rows.ts';
import { acceptedNote } from './tmx.ts';
import type { ExportInput } from './types.ts';

/** One field: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The record as RFC 4180 CSV with CRLF line ends: a header
 * `clause,order,<lang>...,<lang>_confidence...,<lang>_quality...,flags,<lang>_reviewed_by...,<lang>_reviewed_at...,<lang>_ocr_text...,accepted`,
 * then one line per clause in canonical order. A clause an edition lacks is an empty cell, and so is an unknown
 * text quality; `flags` holds the ids of the clause's open flags, separated by spaces. A text that is a
 * reviewer's correction names the reviewer, the time and the OCR text it replaced; `accepted` holds one line
 * per divergence accepted as real (flag id, note, reviewer, date), separated by line breaks.
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
    ...langs.map((l) => `${l}_reviewed_by`),
    ...langs.map((l) => `${l}_reviewed_at`),
    ...langs.map((l) => `${l}_ocr_text`),
    'accepted',
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
      ...langs.map((l) => row.cells.get(l)?.reviewed?.by ?? ''),
      ...langs.map((l) => row.cells.get(l)?.reviewed?.at ?? ''),
      ...langs.map((l) => row.cells.get(l)?.reviewed?.ocrText ?? ''),
      row.accepted.map((a) => `${a.id}: ${acceptedNote(a)}`).join('\n'),
    ]);
  }
  return lines.map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('');
}
