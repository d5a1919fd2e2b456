import { describe, expect, it } from 'vitest';
import {
  correctionDiff,
  DECISION_MEANING,
  DEFAULT_FILTERS,
  evidenceTerms,
  evidenceTermsOf,
  filtersFromSearch,
  highlight,
  keyAction,
  moveSelection,
  queueUrl,
  searchFromFilters,
} from '../../web/src/logic.ts';

describe('review page filters', () => {
  it('round-trip through the URL, with open as the default status and "all" for any status', () => {
    const cases = [
      DEFAULT_FILTERS,
      { charter: 'integrating-cities', lang: 'nb', kind: 'number-mismatch', status: 'accepted' },
      { charter: '', lang: 'da', kind: '', status: '' },
    ];
    for (const filters of cases) expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
    expect(searchFromFilters(DEFAULT_FILTERS)).toBe('');
    expect(searchFromFilters({ ...DEFAULT_FILTERS, status: '' })).toBe('?status=all');
  });

  it('drop values that are not ids, kinds or statuses', () => {
    expect(filtersFromSearch('?charter=a%20b&kind=typo&lang=<x>&status=pending')).toEqual({
      charter: '',
      lang: '',
      kind: '',
      status: '',
    });
  });

  it('become the API query, leaving out "any" and carrying the cursor', () => {
    const url = new URL(
      queueUrl({ charter: 'c1', lang: '', kind: 'name-mismatch', status: '' }, 'abc', 20),
      'http://x',
    );
    expect(url.pathname).toBe('/reviews');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      charter: 'c1',
      kind: 'name-mismatch',
      limit: '20',
      cursor: 'abc',
    });
  });
});

describe('a correction against its OCR text', () => {
  it('gives the kept, removed and added runs, which rebuild both texts', () => {
    const ocr = 'Ar 2O06 undertecknade stadgan';
    const corrected = 'År 2006 undertecknade stadgan.';
    const parts = correctionDiff(ocr, corrected);
    const rebuilt = (keep: 'removed' | 'added') =>
      parts
        .filter((p) => p.op === 'same' || p.op === keep)
        .map((p) => p.text)
        .join('');
    expect(rebuilt('removed')).toBe(ocr);
    expect(rebuilt('added')).toBe(corrected);
    expect(parts.filter((p) => p.op === 'removed').map((p) => p.text)).toEqual(['Ar', '2O06']);
    expect(parts.filter((p) => p.op === 'added').map((p) => p.text)).toEqual(['År', '2006', '.']);
    expect(parts.some((p) => p.op === 'same' && p.text.includes('undertecknade stadgan'))).toBe(true);
  });

  it('is all kept for the same text and all added for a clause the edition lacked', () => {
    expect(correctionDiff('same text', 'same text')).toEqual([{ text: 'same text', op: 'same' }]);
    expect(correctionDiff('', 'new clause')).toEqual([{ text: 'new clause', op: 'added' }]);
  });
});

describe('decisions explained', () => {
  it('say in one line what each decision does, so Accept is not read as accepting the translation', () => {
    for (const line of Object.values(DECISION_MEANING)) expect(line.split('\n')).toHaveLength(1);
    expect(DECISION_MEANING.accept).toMatch(/really differ/);
    expect(DECISION_MEANING.correct).toMatch(/becomes the record/);
  });
});

describe('evidence highlighting', () => {
  it('keeps short tokens as terms and leaves out snippets of other editions', () => {
    expect(
      evidenceTerms([
        '2006',
        'EUROCITIES',
        'sv: Städerna åtar sig…',
        'a very long sentence of many more words than a name',
      ]),
    ).toEqual(['2006', 'EUROCITIES']);
  });

  it('marks evidence terms on word boundaries only, merging runs', () => {
    const text = 'In 2006 and 20060 the EUROCITIES network';
    const segments = highlight(text, ['2006', 'eurocities']);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.evidence).map((s) => s.text)).toEqual(['2006', 'EUROCITIES']);
    expect(segments.find((s) => s.text.includes('20060'))?.evidence).toBe(false);
  });

  it('highlights the evidence of both sides in every language', () => {
    const flag = { langs: ['nb'], evidence: { actual: ['2006', 'PROGRESS'], expected: ['2004', '2006'] } };
    expect(evidenceTermsOf(flag)).toEqual(['2006', 'PROGRESS', '2004']);
  });
});

describe('keyboard navigation', () => {
  it('maps j/k, a/d/c and / when not typing, and only Escape and Ctrl+Enter while typing', () => {
    const keys = ['j', 'k', 'a', 'd', 'c', '/', 'x'].map((key) => keyAction(key, { typing: false }));
    expect(keys).toEqual(['next', 'previous', 'accept', 'dismiss', 'correct', 'search', null]);
    expect(keyAction('a', { typing: true })).toBeNull();
    expect(keyAction('j', { typing: false, ctrl: true })).toBeNull();
    expect(keyAction('Escape', { typing: true })).toBe('cancel');
    expect(keyAction('Enter', { typing: true, ctrl: true })).toBe('submit');
    expect(keyAction('Enter', { typing: true })).toBeNull();
  });

  it('moves the selection inside the list', () => {
    expect(moveSelection(-1, 1, 3)).toBe(0);
    expect(moveSelection(-1, -1, 3)).toBe(2);
    expect(moveSelection(2, 1, 3)).toBe(2);
    expect(moveSelection(0, -1, 3)).toBe(0);
    expect(moveSelection(0, 1, 0)).toBe(-1);
  });
});
