/** `charter clean` end to end: a real `node cli/bin.mjs clean ...` process per case. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { encodeUtf16 } from './fixtures/encode-text.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const edition = (lang: string) => join(root, 'corpus/charters/integrating-cities/editions', `${lang}.txt`);
const scratch = mkdtempSync(join(tmpdir(), 'charter-clean-'));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function charter(...args: string[]): Promise<Run> {
  return charterWith({}, ...args);
}

async function charterWith(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [join(root, 'cli/bin.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** The stderr of a failed run: exactly one line, no stack trace. */
function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line !== '' && !line.startsWith('npm warn'));
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('charter clean', () => {
  it('prints the cleaned text: paragraphs separated by one blank line, no line-end hyphenation', async () => {
    const run = await charter('clean', edition('nb'), '--lang', 'nb');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trim()).not.toMatch(/[^\n]\n[^\n]|\n{3,}/u);
    expect(text).not.toMatch(/\p{L}-\n/u);
    const raw = readFileSync(edition('nb'), 'utf8');
    expect(raw).toMatch(/^\+ /mu);
    const paragraphs = text.trim().split('\n\n');
    expect(paragraphs.filter((p) => p.startsWith('- ')).length).toBeGreaterThanOrEqual(10);
    expect(paragraphs.some((p) => /^[+*«•] /u.test(p))).toBe(false);
  });

  it('prints JSON with the language and changes located in the input', async () => {
    const run = await charter('clean', edition('sv'), '--lang', 'sv', '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      lang: string;
      detectedLang: string | null;
      text: string;
      changes: { ruleId: string; actual: string; expected: string; line: number; column: number }[];
    };
    expect(Object.keys(result).sort()).toEqual(['changes', 'detectedLang', 'lang', 'text']);
    expect(result.lang).toBe('sv');
    expect(result.detectedLang).toBeNull();
    expect(result.changes.length).toBeGreaterThan(20);
    const lines = readFileSync(edition('sv'), 'utf8').split('\n');
    for (const change of result.changes) {
      expect(Object.keys(change).sort()).toEqual(['actual', 'column', 'expected', 'line', 'ruleId']);
      if (change.actual.trim() === '') continue;
      // Every change points at its text in the input (compared on the first letters: a joined word
      // is reported with its parts joined).
      const at = lines[change.line - 1]!.slice(change.column - 1);
      expect(at.startsWith(change.actual.slice(0, 3)), JSON.stringify(change)).toBe(true);
    }
    const rules = new Set(result.changes.map((c) => c.ruleId));
    for (const rule of ['bullet', 'footnote-mark', 'debris']) expect(rules).toContain(rule);
  });

  it.each([
    ['sv', 'sv'],
    ['nb', 'nb'],
    ['da', 'da'],
  ])('detects the language of the %s edition when --lang is not given', async (lang, expected) => {
    const run = await charter('clean', edition(lang), '--json');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { lang: string; detectedLang: string };
    expect(result.detectedLang).toBe(expected);
    expect(result.lang).toBe(expected);
  });

  it('reads a UTF-16 file like its UTF-8 original', async () => {
    const file = join(scratch, 'nb-utf16.txt');
    writeFileSync(file, encodeUtf16(readFileSync(edition('nb'), 'utf8'), 'be'));
    const [utf16, utf8] = await Promise.all([
      charter('clean', file, '--lang', 'nb'),
      charter('clean', edition('nb'), '--lang', 'nb'),
    ]);
    expect(utf16.code).toBe(0);
    expect(utf16.stdout).toBe(utf8.stdout);
  });

  it('prints the same through tsx as through the cached bundle', async () => {
    const args = ['clean', edition('da'), '--json'];
    const [bundled, throughTsx] = await Promise.all([
      charter(...args),
      charterWith({ CHARTER_NO_BUNDLE: '1' }, ...args),
    ]);
    expect(bundled.code).toBe(0);
    expect(throughTsx.code).toBe(0);
    expect(throughTsx.stdout).toBe(bundled.stdout);
  });

  it('fails with one line for an unknown language', async () => {
    const run = await charter('clean', edition('sv'), '--lang', 'xx');
    expect(run.code).not.toBe(0);
    expect(oneLine(run.stderr)).toMatch(/unknown language 'xx'/u);
    expect(run.stdout).toBe('');
  });

  it.each([
    ['a missing file', () => join(scratch, 'missing.txt'), /cannot read .*missing\.txt: no such file/u],
    ['a directory', () => scratch, /is a directory/u],
    [
      'a binary file',
      () => {
        const file = join(scratch, 'scan.png');
        writeFileSync(file, Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
        return file;
      },
      /scan\.png is not a text file \(PNG image signature\)/u,
    ],
    [
      'an empty file',
      () => {
        const file = join(scratch, 'empty.txt');
        writeFileSync(file, '');
        return file;
      },
      /empty\.txt is empty/u,
    ],
  ])('fails with one line for %s', async (_label, makeFile, message) => {
    const run = await charter('clean', makeFile(), '--lang', 'sv');
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('fails with one line when the language cannot be told and none is given', async () => {
    const file = join(scratch, 'gibberish.txt');
    writeFileSync(file, 'qxz vbnm\nkjhg wpft zzkq\n');
    const run = await charter('clean', file);
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/cannot tell the language of gibberish\.txt; pass --lang/u);
  });

  it('refuses a file above the size limit without reading it', async () => {
    const file = join(scratch, 'huge.txt');
    writeFileSync(file, 'ord '.repeat(1_400_000));
    const run = await charter('clean', file, '--lang', 'sv');
    expect(run.code).toBe(1);
    expect(oneLine(run.stderr)).toMatch(/huge\.txt is too large: 5600000 bytes, the limit is 5242880 bytes/u);
  });

  it('answers a usage error with exit code 2', async () => {
    const run = await charter('clean');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^usage: charter clean FILE/mu);
  });
});
