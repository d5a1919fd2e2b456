import type { ClauseTexts } from './fingerprint.ts';
import type { DivergenceFinding } from './types.ts';

/** A finding for tests; fields can be overridden. */
export function finding(overrides: Partial<DivergenceFinding> = {}): DivergenceFinding {
  return {
    charter: 'c1',
    clause: 'intro.1',
    langs: ['nb'],
    kind: 'number-mismatch',
    severity: 'high',
    reason: 'nb has 2006 where sv and da have 2004',
    evidence: { actual: ['2006'], expected: ['2004'], comparedWith: ['da', 'sv'] },
    ...overrides,
  };
}

/** Clause texts from a plain object: { lang: { clause: text } }. */
export function texts(byLang: Record<string, Record<string, string>>): ClauseTexts {
  return new Map(Object.entries(byLang).map(([lang, clauses]) => [lang, new Map(Object.entries(clauses))]));
}
