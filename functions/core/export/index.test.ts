import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, formatExport, isExportFormat } from './index.ts';
import { trickyInput } from './test-fixtures.ts';

describe('formatExport', () => {
  it('knows tmx, csv and json, and nothing else', () => {
    expect(Object.keys(EXPORT_FORMATS).sort()).toEqual(['csv', 'json', 'tmx']);
    expect(['tmx', 'csv', 'json', 'xml', 'toString', ''].filter(isExportFormat)).toEqual([
      'tmx',
      'csv',
      'json',
    ]);
  });

  it('writes each format', () => {
    expect(formatExport('tmx', trickyInput())).toMatch(/^<\?xml/);
    expect(formatExport('csv', trickyInput())).toMatch(/^clause,order,/);
    expect(JSON.parse(formatExport('json', trickyInput())).charter).toBe('c1');
  });

  it('rejects a source language that is not exported, whatever the format', () => {
    for (const format of ['tmx', 'csv', 'json'] as const) {
      expect(() => formatExport(format, trickyInput(), { source: 'fi' })).toThrow(RangeError);
    }
    expect(() => formatExport('csv', trickyInput(), { source: 'sv' })).not.toThrow();
  });
});
