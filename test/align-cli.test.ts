import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const edition = (lang: string) => `corpus/charters/integrating-cities/editions/${lang}.txt`;
const charter = (...args: string[]) =>
  spawnSync(process.execPath, ['cli/bin.mjs', 'align', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('charter align', () => {
  it('prints clauses in canonical order with cleaned text and confidences as JSON', () => {
    const run = charter(edition('nb'), '--lang', 'nb', '--json');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['charter', 'lang', 'clauses', 'residue']);
    expect(out).toMatchObject({ charter: 'integrating-cities', lang: 'nb' });
    const ids = out.clauses.map((c: { id: string }) => c.id);
    expect(ids[0]).toBe('title');
    expect(ids.indexOf('colophon.funding')).toBe(ids.length - 1);
    expect(ids.indexOf('about.renewal')).toBeLessThan(ids.indexOf('preamble.contribution'));
    for (const c of out.clauses) expect(c.confidence).toBeGreaterThanOrEqual(0);
    // Cleaned: the OCR's "ordfgrere" comes out as "ordførere".
    const contribution = out.clauses.find((c: { id: string }) => c.id === 'preamble.contribution');
    expect(contribution.text).toMatch(/^Vi, undertegnede ordførere/);
    expect(out.residue).toEqual(expect.arrayContaining(['LIVING IN EUVROPE', 'PROGRESS']));
  });

  it('aligns on the structure alone with --references none, and detects the language when not given', () => {
    const run = charter(edition('da'), '--references', 'none', '--json');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.lang).toBe('da');
    const text = (id: string) => out.clauses.find((c: { id: string }) => c.id === id)?.text;
    expect(text('heading.delivering')).toBe('Gennemførelse af charteret');
    // The footnote reference glued to the heading ("vil vi:1") is not part of the clause.
    expect(text('service-providers')).toBe('Som serviceudbydere vil vi:');
    expect(text('footnote.service-provision')).toMatch(/^Underskriverne af dette charter/);
  });

  it('prints a readable table by default', () => {
    const run = charter(edition('sv'), '--lang', 'sv');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^policy-makers\.1\s+\d\.\d\d\s+Aktivt kommunicera/m);
  });

  it('fails with one line and exit 3 for an unknown charter, and with usage for bad options', () => {
    const unknown = charter(edition('sv'), '--lang', 'sv', '--charter', 'no-such');
    expect(unknown.status).toBe(3);
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toMatch(/unknown charter "no-such"/);
    expect(charter(edition('sv'), '--references', 'some').status).toBe(2);
    expect(charter().status).toBe(2);
  });
});
