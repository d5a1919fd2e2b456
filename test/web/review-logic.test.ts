import { describe, expect, it } from 'vitest';
import {
  closestEdition,
  DEFAULT_FILTERS,
  evidenceTerms,
  filtersFromSearch,
  highlight,
  keyAction,
  moveSelection,
  queueUrl,
  searchFromFilters,
  termsFor,
  tokenize,
  wordDiff,
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

describe('word diff against the closest edition', () => {
  it('marks the words that have no counterpart, folding case and diacritics', () => {
    const text = 'År 2006 undertecknade städerna stadgan';
    const other = 'ÅR 2004 undertecknade kommunerna stadgan';
    const tokens = tokenize(text);
    const changed = [...wordDiff(text, other)].map((i) => tokens[i]!.text);
    expect(changed).toEqual(['2006', 'städerna']);
  });

  it('marks nothing for the same words and everything against an empty text', () => {
    expect(wordDiff('Migrants and cities', 'migrants, and cities!').size).toBe(0);
    expect(wordDiff('two words', '').size).toBe(2);
  });

  it('picks the edition with the most similar text as the one to diff against', () => {
    const texts = {
      sv: 'Städerna åtar sig att främja lika möjligheter för alla invånare',
      nb: 'Byene forplikter seg til å fremme like muligheter for alle innbyggere',
      da: 'Byerne forpligter sig til at fremme lige muligheder for alle indbyggere',
    };
    expect(closestEdition('nb', texts)).toBe('da');
    expect(closestEdition('xx', texts)).toBeNull();
    expect(closestEdition('sv', { sv: 'x' })).toBeNull();
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

  it('marks evidence terms on word boundaries only, and changed words, merging runs', () => {
    const text = 'In 2006 and 20060 the EUROCITIES network';
    const segments = highlight(text, ['2006', 'eurocities'], new Set([2]));
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.evidence).map((s) => s.text)).toEqual(['2006', 'EUROCITIES']);
    expect(segments.filter((s) => s.changed).map((s) => s.text)).toEqual(['2006']);
    expect(segments.find((s) => s.text.includes('20060'))?.evidence).toBe(false);
  });

  it('highlights what the flagged edition has and what the others have instead', () => {
    const flag = { langs: ['nb'], evidence: { actual: ['2006'], expected: ['2004'] } };
    expect(termsFor(flag, 'nb')).toEqual(['2006']);
    expect(termsFor(flag, 'sv')).toEqual(['2004']);
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

describe('cognates in the word diff', () => {
  it('count related-language spellings as the same word, but never different numbers', async () => {
    const { sameWord } = await import('../../web/src/logic.ts');
    expect(sameWord('publikasjonen', 'publikationen')).toBe(true);
    expect(sameWord('kommisjonen', 'kommissionen')).toBe(true);
    expect(sameWord('2007', '2004')).toBe(false);
    expect(sameWord('och', 'og')).toBe(false);
    expect(sameWord('programme', 'security')).toBe(false);
  });

  it('marks the content that differs between Norwegian and Swedish, not the cognates around it', () => {
    const nb = 'finansiert av EU-kommisjonen og Programme for Employment 2007-2013 i denne publikasjonen';
    const sv =
      'samfinansiering med Europeiska Kommissionen, DG Justice, Freedom and Security i denna publikation';
    const tokens = tokenize(nb);
    const changed = [...wordDiff(nb, sv)].map((i) => tokens[i]!.text);
    expect(changed).toContain('2007-2013');
    expect(changed).toContain('Programme');
    expect(changed).not.toContain('publikasjonen');
    expect(changed).not.toContain('denne');
  });
});
