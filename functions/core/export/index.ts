/** Export of a charter's aligned record as TMX, CSV or JSON: pure formatters and their media types. */
import { toCsv } from './csv.ts';
import { toJson } from './json.ts';
import { exportLanguages, sourceLanguage } from './rows.ts';
import { toTmx } from './tmx.ts';
import type { ExportFormat, ExportInput, ExportOptions } from './types.ts';

export { type CollectSources, collectExport } from './collect.ts';
export { csvField, toCsv } from './csv.ts';
export { type JsonExport, type JsonExportClause, toJson, toJsonExport } from './json.ts';
export { exportLanguages, exportRows, sourceLanguage } from './rows.ts';
export { toTmx, xmlAttribute, xmlText } from './tmx.ts';
export type * from './types.ts';

/** Media type and file extension of each format. */
export const EXPORT_FORMATS: Readonly<Record<ExportFormat, { contentType: string; extension: string }>> = {
  tmx: { contentType: 'application/x-tmx+xml; charset=utf-8', extension: 'tmx' },
  csv: { contentType: 'text/csv; charset=utf-8; header=present', extension: 'csv' },
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
};

/** True when `format` names an export format. */
export function isExportFormat(format: string): format is ExportFormat {
  return Object.hasOwn(EXPORT_FORMATS, format);
}

/** The record in `format`. Throws a RangeError when `options.source` is not an exported language. */
export function formatExport(format: ExportFormat, input: ExportInput, options: ExportOptions = {}): string {
  // Checked for every format, so that a mistyped source is an error whatever the format.
  sourceLanguage(exportLanguages(input), options.source);
  switch (format) {
    case 'tmx':
      return toTmx(input, options);
    case 'csv':
      return toCsv(input);
    case 'json':
      return toJson(input);
  }
}
