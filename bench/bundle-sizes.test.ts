import { describe, expect, it } from 'vitest';
import { measureBundle } from './bundle-sizes.ts';

describe('Lambda bundles, built as CDK builds them', () => {
  it('keeps ingest under 1.5 MB minified, lexicon data aside', async () => {
    const ingest = await measureBundle('ingest');
    expect(ingest.bytes).toBeLessThan(ingest.budget);
    expect(ingest.parts.map((p) => p.name)).toContain('cspell-trie-lib');
  });

  it('keeps api under 400 KB, without the cleaning pipeline or the chained zod API', async () => {
    const api = await measureBundle('api');
    expect(api.bytes).toBeLessThan(api.budget);
    const names = api.parts.map((p) => p.name);
    for (const heavy of ['cspell-trie-lib', 'ajv', 'retext', 'functions/core/text/retext-fix-ocr']) {
      expect(names).not.toContain(heavy);
    }
    expect(api.parts.find((p) => p.name === 'zod')?.bytes ?? 0).toBeLessThan(100 * 1024);
  });
});
