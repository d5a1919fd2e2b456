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
    expect(Object.keys(result).sort()).toEqual(['changes', 'cleaned', 'detectedLang', 'lang', 'text']);
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

  it('leaves the text as it is, and says so, for a language without a lexicon', async () => {
    const run = await charter('clean', edition('sv'), '--lang', 'xx', '--json');
    expect(run.code).toBe(0);
    expect(oneLine(run.stderr)).toMatch(
      /no lexicon for 'xx' \(supported: da, de, en, .*\); the text is left as it is/u,
    );
    const result = JSON.parse(run.stdout) as { lang: string; cleaned: boolean; reason: string; text: string };
    expect(result).toMatchObject({ lang: 'xx', cleaned: false, changes: [] });
    expect(result.text).toBe(readFileSync(edition('sv'), 'utf8').trim());
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

  it('leaves text in no language it can tell as it is, and says so', async () => {
    const file = join(scratch, 'gibberish.txt');
    writeFileSync(file, 'qxz vbnm\nkjhg wpft zzkq\n');
    const run = await charter('clean', file);
    expect(run.code).toBe(0);
    expect(oneLine(run.stderr)).toMatch(
      /gibberish\.txt is too short to tell its language; the text is left as it is/u,
    );
    expect(run.stdout).toBe('qxz vbnm\nkjhg wpft zzkq\n');
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
    expect(run.stderr).toMatch(/missing required argument 'file'/u);
    expect(run.stderr).toMatch(/charter clean --help/u);
  });
});

/** German and French editions, cleaned by the same command as the others with their own lexicons. */
describe('charter clean in German and French', () => {
  // Clean prose written for this test (no corpus text), and the same prose as OCR by an English model reads it:
  // umlauts, accents and ß lost, `rn` for `m`.
  const prose = {
    de:
      'Die Stadt verpflichtet sich, allen Bürgerinnen und Bürgern die gleichen Rechte und Möglichkeiten zu geben. ' +
      'Sie unterstützt die Teilnahme der Menschen mit Migrationshintergrund am öffentlichen Leben, bietet ' +
      'Sprachkurse für Erwachsene an und sorgt dafür, dass die Straßen und Plätze der Stadt für alle zugänglich ' +
      'sind. Gemeinsam mit den Vereinen und Schulen entwickelt sie Maßnahmen gegen Diskriminierung.\n\n' +
      'Die Stadtverwaltung berichtet jedes Jahr über die Fortschritte. Arbeitgeber, Gewerkschaften und ' +
      'Wohlfahrtsverbände werden an der Ausarbeitung des Berichts beteiligt.\n',
    fr:
      "La ville s'engage à garantir à tous les habitants l'égalité des droits et des chances. Elle favorise la " +
      "participation des personnes issues de l'immigration à la vie publique, propose des cours de langue aux " +
      'adultes et veille à ce que les rues et les places soient accessibles à tous. Avec les associations et les ' +
      'écoles, elle élabore des mesures contre la discrimination et évalue chaque année les progrès réalisés.\n\n' +
      'Les employeurs, les syndicats et les organisations de la société civile sont associés à la préparation du ' +
      'rapport annuel.\n',
  };
  const damaged = {
    de:
      'Die Stadt verpflichtet sich, allen Burgerinnen und Burgern die gleichen Rechte und Moglichkeiten zu geben. ' +
      'Sie unterstutzt die Teilnahrne der Menschen mit Migrationshintergrund am offentlichen Leben, bietet ' +
      'Sprachkurse fur Erwachsene an und sorgt dafur, dass die Strassen und Platze der Stadt fur alle zuganglich ' +
      'sind. Gemeinsarn mit den Vereinen und Schulen entwickelt sie Massnahmen gegen Diskriminierung.\n',
    fr:
      "La ville s'engage a garantir a tous les habitants l'egalite des droits et des chances. Elle favorise la " +
      "participation des personnes issues de l'immigration a la vie publique, propose des cours de langue aux " +
      'adultes et veille a ce que les rues et les places soient accessibles a tous. Avec les associations et les ' +
      'ecoles, elle elabore des rnesures contre la discrimination et evalue chaque annee les progres realises.\n',
  };
  const restored = {
    de: [
      'Bürgerinnen',
      'Bürgern',
      'Möglichkeiten',
      'unterstützt',
      'Teilnahme',
      'öffentlichen',
      'für',
      'dafür',
      'zugänglich',
      'Gemeinsam',
      'Maßnahmen',
    ],
    fr: ['égalité', 'écoles', 'élabore', 'mesures', 'évalue', 'année', 'progrès'],
  };
  const write = (name: string, text: string) => {
    const file = join(scratch, name);
    writeFileSync(file, text);
    return file;
  };
  interface CleanJson {
    lang: string;
    detectedLang: string | null;
    cleaned: boolean;
    text: string;
    changes: { actual: string; expected: string }[];
  }

  it.each(['de', 'fr'] as const)('repairs OCR damage in %s with its own lexicon', async (lang) => {
    const file = write(`damaged-${lang}.txt`, damaged[lang]);
    const run = await charter('clean', file, '--lang', lang, '--json');
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout) as CleanJson;
    expect(result).toMatchObject({ lang, cleaned: true });
    const words = new Set(result.text.match(/[\p{L}]+/gu));
    for (const word of restored[lang]) expect(words.has(word), word).toBe(true);
    // No change touches a word that was right in the OCR output.
    const right = new Set(prose[lang].match(/[\p{L}]+/gu));
    for (const change of result.changes) expect(right.has(change.actual), change.actual).toBe(false);
    expect(result.changes.length).toBeGreaterThanOrEqual(restored[lang].length);
  });

  it.each(['de', 'fr'] as const)('detects %s and cleans it without --lang, as with it', async (lang) => {
    const file = write(`detected-${lang}.txt`, damaged[lang]);
    const [detected, given] = await Promise.all([
      charter('clean', file, '--json'),
      charter('clean', file, '--lang', lang, '--json'),
    ]);
    const result = JSON.parse(detected.stdout) as CleanJson;
    expect(result.lang).toBe(lang);
    expect(result.detectedLang).toBe(lang);
    expect(result.text).toBe((JSON.parse(given.stdout) as CleanJson).text);
  });

  it.each(['de', 'fr'] as const)('makes zero changes to clean %s prose', async (lang) => {
    const file = write(`clean-${lang}.txt`, prose[lang]);
    const run = await charter('clean', file, '--json');
    const result = JSON.parse(run.stdout) as CleanJson;
    expect(result.lang).toBe(lang);
    expect(result.changes).toEqual([]);
    expect(result.text).toBe(prose[lang].trim());
  });

  it('leaves a language it does not support as it is (Icelandic), and says so', async () => {
    const text =
      'Öll erum vér fædd frjáls og jöfn öðrum að virðingu og réttindum. Vér erum gædd vitsmunum og samvizku, ' +
      'og oss ber að breyta bróðurlega hverjum við annan. Hver maður á kröfu til réttinda þeirra og frjálsræðis, ' +
      'sem upp eru talin í yfirlýsingu þessari, og skal þar engu skipta kynþáttur, litarháttur, kynferði, tunga.\n';
    const file = write('icelandic.txt', text);
    const run = await charter('clean', file, '--json');
    expect(run.code).toBe(0);
    expect(oneLine(run.stderr)).toMatch(
      /(icelandic\.txt is in a language without a lexicon here|cannot tell the language of icelandic\.txt).*; the text is left as it is/u,
    );
    const result = JSON.parse(run.stdout) as CleanJson & { reason: string };
    expect(result).toMatchObject({ lang: 'und', detectedLang: null, cleaned: false, changes: [] });
    expect(result.text).toBe(text.trim());
  });
});
