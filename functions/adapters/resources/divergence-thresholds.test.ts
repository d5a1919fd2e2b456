import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultThresholdsFile, loadDivergenceThresholds } from './divergence-thresholds.ts';
import { InvalidResourceError } from './errors.ts';

const schema = readFileSync(defaultThresholdsFile.replace(/\.json$/, '.schema.json'), 'utf8');
const data = JSON.parse(readFileSync(defaultThresholdsFile, 'utf8'));

function copy(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'thresholds-'));
  writeFileSync(join(dir, 'divergence-thresholds.schema.json'), schema);
  const file = join(dir, 'divergence-thresholds.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('loadDivergenceThresholds', () => {
  it('loads the project file', () => {
    const thresholds = loadDivergenceThresholds();
    expect(thresholds.length.zLimit).toBeGreaterThan(0);
    expect(thresholds.drift.minPairReliability).toBeLessThanOrEqual(1);
  });

  it('rejects a file that breaks the schema, naming the field', () => {
    expect(() =>
      loadDivergenceThresholds(copy({ ...data, drift: { zLimit: -1, minPairReliability: 0.5 } })),
    ).toThrow(/zLimit/);
    const { swap: _, ...noSwap } = data;
    expect(() => loadDivergenceThresholds(copy(noSwap))).toThrow(InvalidResourceError);
    expect(() => loadDivergenceThresholds(copy('{ not json'))).toThrow(/not valid JSON/);
  });
});
