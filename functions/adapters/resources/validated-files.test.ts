import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

describe('validated files remembered across processes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'charter-validated-'));
    vi.stubEnv('CHARTER_CACHE_DIR', dir);
    vi.resetModules();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a later process trusts exactly the schema and file an earlier one validated', async () => {
    const first = await import('./validated-files.ts');
    expect(first.validatedAtBuild('{"type":"object"}', '{"a":1}')).toBe(false);
    first.rememberValidated('{"type":"object"}', '{"a":1}');
    expect(JSON.parse(readFileSync(join(dir, 'validated.json'), 'utf8'))).toHaveLength(1);
    vi.resetModules();
    const later = await import('./validated-files.ts');
    expect(later.validatedAtBuild('{"type":"object"}', '{"a":1}')).toBe(true);
    expect(later.validatedAtBuild('{"type":"object"}', '{"a":2}')).toBe(false);
    expect(later.validatedAtBuild('{"type":"array"}', '{"a":1}')).toBe(false);
  });
});
