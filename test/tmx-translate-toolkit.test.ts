/**
 * An independent TMX reader, translate-toolkit (Debian package translate-toolkit, Python), reads every unit
 * of the TMX export, with the same texts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trickyInput } from '../functions/core/export/test-fixtures.ts';
import { toTmx } from '../functions/core/export/tmx.ts';

const input = trickyInput();
const expected = input.records.map((r) => ({ clauseId: r.clauseId, lang: r.lang, text: r.text }));
const byKey = (a: { clauseId: string; lang: string }, b: { clauseId: string; lang: string }) =>
  `${a.clauseId} ${a.lang}`.localeCompare(`${b.clauseId} ${b.lang}`);

describe('the TMX export in translate-toolkit', () => {
  it('writes TMX that translate-toolkit reads: every unit, every variant, the same texts', () => {
    const python = '/usr/bin/python3';
    const probe = existsSync(python)
      ? execFileSync(python, ['-c', 'import translate.storage.tmx; print("ok")'], { encoding: 'utf8' })
      : '';
    if (probe.trim() !== 'ok') {
      throw new Error('translate-toolkit is missing: apt-get install translate-toolkit (Debian)');
    }
    const dir = mkdtempSync(join(tmpdir(), 'charter-tmx-'));
    try {
      const file = join(dir, 'c1.tmx');
      writeFileSync(file, toTmx(input));
      const script = [
        'import json, sys',
        'from translate.storage import tmx',
        'store = tmx.tmxfile.parsefile(sys.argv[1])',
        'XML = "{http://www.w3.org/XML/1998/namespace}lang"',
        'units = [{"id": u.getid(), "variants": {n.get(XML): u.getNodeText(n) for n in u.getlanguageNodes()}} for u in store.units]',
        'print(json.dumps(units, ensure_ascii=False))',
      ].join('\n');
      const units = JSON.parse(execFileSync(python, ['-c', script, file], { encoding: 'utf8' })) as Array<{
        id: string;
        variants: Record<string, string>;
      }>;
      const read = units.flatMap((u) =>
        Object.entries(u.variants).map(([lang, text]) => ({ clauseId: u.id, lang, text })),
      );
      expect(units.map((u) => u.id)).toEqual(['c.one', 'c.two', 'c.three']);
      // translate-toolkit reads XML as XML does: a literal CR would be a LF, a reference &#xD; stays a CR.
      expect(read.sort(byKey)).toEqual([...expected].sort(byKey));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
