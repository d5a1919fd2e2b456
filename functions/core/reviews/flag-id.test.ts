import { describe, expect, it } from 'vitest';
import { flagId, parseFlagId, queueSortKey } from './flag-id.ts';

describe('flagId', () => {
  it('is the same whatever the order of the languages', () => {
    const a = flagId({ charter: 'c', clause: 'x.1', kind: 'meaning-drift', langs: ['sv', 'da'] });
    const b = flagId({ charter: 'c', clause: 'x.1', kind: 'meaning-drift', langs: ['da', 'sv', 'da'] });
    expect(a).toBe(b);
    expect(a).toBe('c:x.1:meaning-drift:da+sv');
  });

  it('differs by kind, clause and charter', () => {
    const base = { charter: 'c', clause: 'x.1', kind: 'meaning-drift' as const, langs: ['sv'] };
    const ids = new Set([
      flagId(base),
      flagId({ ...base, kind: 'name-mismatch' }),
      flagId({ ...base, clause: 'x.2' }),
      flagId({ ...base, charter: 'd' }),
    ]);
    expect(ids.size).toBe(4);
  });

  it('round-trips through parseFlagId and survives URL encoding', () => {
    const id = flagId({
      charter: 'harbour-charter',
      clause: 'a.b-2',
      kind: 'low-confidence',
      langs: ['nb', 'de'],
    });
    expect(parseFlagId(decodeURIComponent(encodeURIComponent(id)))).toEqual({
      charter: 'harbour-charter',
      clause: 'a.b-2',
      kind: 'low-confidence',
      langs: ['de', 'nb'],
    });
  });

  it('rejects parts that would break the id, and ids that are not flags', () => {
    expect(() => flagId({ charter: 'c:x', clause: 'a', kind: 'meaning-drift', langs: ['sv'] })).toThrow(
      TypeError,
    );
    expect(parseFlagId('c:a:not-a-kind:sv')).toBeNull();
    expect(parseFlagId('c:a:meaning-drift')).toBeNull();
    expect(parseFlagId('c:a:meaning-drift:sv+')).toBeNull();
  });
});

describe('queueSortKey', () => {
  it('puts severity before canonical order, within one charter', () => {
    const key = (severity: 'high' | 'low', order: number) =>
      queueSortKey({ charter: 'c', severity, order, id: 'x' });
    expect(key('high', 40) < key('low', 2)).toBe(true);
    expect(key('low', 2) < key('low', 10)).toBe(true);
  });
});
