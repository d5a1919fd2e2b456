import { describe, expect, it } from 'vitest';
import type { SourceLine } from '../align/segment/types.ts';
import type { Change, CleanResult } from '../text/types.ts';
import { clauseCleaner } from './clause-cleaning.ts';

/** Lines of `text` with their offsets, as the layout gives them. */
function linesOf(text: string): SourceLine[] {
  let start = 0;
  return text.split('\n').map((line) => {
    const out = { text: line, start };
    start += line.length + 1;
    return out;
  });
}

function change(partial: Partial<Change> & Pick<Change, 'actual' | 'expected' | 'line' | 'column'>): Change {
  return { ruleId: 'ocr-word', source: 'retext-fix-ocr', ...partial };
}

function cleaned(changes: Change[], marks: Change[] = []): CleanResult {
  return { lang: 'sv', detectedLang: null, text: '', changes, marks };
}

/** The whole span of each line, as the aligner reports a clause made of whole lines. */
const spansOf = (lines: SourceLine[], from: number, to: number) =>
  lines.slice(from, to).map((l) => ({ start: l.start, end: l.start + l.text.length }));

describe('clauseCleaner', () => {
  it("carries the whole edition's word changes into the clause text", () => {
    const lines = linesOf('Vi vill framja integration av\ninvandrare i var stad.');
    const clean = clauseCleaner(
      lines,
      cleaned([
        change({ actual: 'framja', expected: 'främja', line: 1, column: 9 }),
        change({ actual: 'var', expected: 'vår', line: 2, column: 14, ruleId: 'ocr-real-word' }),
      ]),
    );
    const result = clean('Vi vill framja integration av invandrare i var stad.', spansOf(lines, 0, 2));
    expect(result?.text).toBe('Vi vill främja integration av invandrare i vår stad.');
  });

  it('changes the occurrence the cleaner changed, not another of the same word', () => {
    const lines = linesOf('for oss och for alla');
    const clean = clauseCleaner(
      lines,
      cleaned([change({ actual: 'for', expected: 'för', line: 1, column: 13, ruleId: 'ocr-real-word' })]),
    );
    expect(clean('for oss och for alla', spansOf(lines, 0, 1))?.text).toBe('for oss och för alla');
  });

  it('leaves out changes outside the clause and layout changes', () => {
    const lines = linesOf('Framja oss\n- vara stader');
    const clean = clauseCleaner(
      lines,
      cleaned([
        change({ actual: 'Framja', expected: 'Främja', line: 1, column: 1 }),
        change({
          actual: '•',
          expected: '-',
          line: 2,
          column: 1,
          source: 'retext-normalise',
          ruleId: 'bullet',
        }),
        change({ actual: 'stader', expected: 'städer', line: 2, column: 8 }),
      ]),
    );
    expect(clean('vara stader', [{ start: lines[1]!.start + 2, end: lines[1]!.start + 13 }])?.text).toBe(
      'vara städer',
    );
  });

  it('finds a word the cleaner joined across a line end, and keeps a compound hyphen it kept', () => {
    const lines = linesOf('särskilt sprakun-\ndervisning och EU-\nkommissionen');
    const clean = clauseCleaner(
      lines,
      cleaned([
        change({
          actual: 'sprakun-\ndervisning',
          expected: 'sprakundervisning',
          line: 1,
          column: 10,
          source: 'retext-dehyphenate',
          ruleId: 'join-line-end-hyphen',
        }),
        change({
          actual: 'EU-\nkommissionen',
          expected: 'EU-kommissionen',
          line: 2,
          column: 16,
          source: 'retext-dehyphenate',
          ruleId: 'keep-compound-hyphen',
        }),
        change({ actual: 'sprakundervisning', expected: 'språkundervisning', line: 1, column: 10 }),
      ]),
    );
    // The aligner joins the lines itself, dropping both hyphens.
    const raw = 'särskilt sprakundervisning och EUkommissionen';
    expect(clean(raw, spansOf(lines, 0, 3))?.text).toBe('särskilt språkundervisning och EU-kommissionen');
  });

  it('reports the words left unread inside the clause only', () => {
    const lines = linesOf('ett ordx här\nett ordy där');
    const mark = (actual: string, line: number) =>
      change({ actual, expected: actual, line, column: 5, ruleId: 'unknown-word' });
    const clean = clauseCleaner(lines, cleaned([], [mark('ordx', 1), mark('ordy', 2)]));
    expect(clean('ett ordx här', spansOf(lines, 0, 1))?.unread).toEqual(['ordx']);
  });

  it('declines a clause cut out of a line the cleaner read whole (columns side by side)', () => {
    const lines = linesOf('Framja integration.   rattigheter for alla');
    const clean = clauseCleaner(
      lines,
      cleaned([change({ actual: 'Framja', expected: 'Främja', line: 1, column: 1 })]),
    );
    expect(clean('Framja integration.', [{ start: 0, end: 19 }])).toBeNull();
    // The same line whole is the cleaner's reading: its changes stand.
    expect(clean('Framja integration. rattigheter for alla', spansOf(lines, 0, 1))?.text).toBe(
      'Främja integration. rattigheter for alla',
    );
  });
});
