import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTrie } from 'cspell-trie-lib';
import { describe, expect, it } from 'vitest';
import { readCompiledFrequencyList } from './compiled-frequency.ts';
import { compileResources, loadLanguage, loadLanguageFile } from './index.ts';
import { projectRoot } from './project-root.ts';
import { validationDigest } from './validated-files.ts';

describe('compileResources', () => {
  it('writes binary tries and lists that answer as the loaded ones, and the digests of the validated files', async () => {
    const out = await mkdtemp(join(tmpdir(), 'charter-compiled-'));
    try {
      const written = await compileResources(out);
      const files = readdirSync(join(out, 'compiled'));
      expect(files.sort()).toEqual(written.map((name) => name.replace(/^compiled\//, '')).sort());
      const sv = await loadLanguage('sv');
      const svFile = await loadLanguageFile('sv');
      const listFile = files.find((name) => name.startsWith(`${svFile.frequency!.replace('/', '+')}+`))!;
      const list = readCompiledFrequencyList(new Uint8Array(readFileSync(join(out, 'compiled', listFile))));
      for (const word of ['och', 'för', 'Städer', 'integration', 'xqzv']) {
        expect(list.count(word), word).toBe(sv.frequency.count(word));
      }
      expect(list.total).toBe(sv.frequency.total);
      const trieFile = files.find((name) => name.startsWith('@cspell+dict-sv@'))!;
      const trie = decodeTrie(new Uint8Array(readFileSync(join(out, 'compiled', trieFile))));
      for (const word of ['städer', 'kommun', 'integrationspolitik', 'stdaer']) {
        expect(trie.has(word), word).toBe(sv.lexicon.has(word));
      }
      const digests = JSON.parse(readFileSync(join(out, 'compiled', 'validated.json'), 'utf8')) as string[];
      const text = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
      expect(digests).toContain(
        validationDigest(text('data/languages/schema.json'), text('data/languages/sv.json')),
      );
      expect(digests).toContain(
        validationDigest(
          text('corpus/charters/schema.json'),
          text('corpus/charters/integrating-cities/structure.json'),
        ),
      );
      expect(digests).not.toContain(validationDigest(text('data/languages/schema.json'), '{}'));
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 120_000);
});
