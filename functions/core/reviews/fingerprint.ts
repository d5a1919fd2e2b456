import type { DivergenceFinding } from './types.ts';

/** Clause texts of a charter: lang -> clause id -> text. */
export type ClauseTexts = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * Fingerprint of what a finding was computed on: the clause texts of the editions it flags (an absent clause
 * counts as empty) and its evidence tokens. A decision stays while the fingerprint stays; a change of the
 * flagged text, or of what it is compared against as far as the evidence shows, reopens it. Texts of languages
 * the flag does not name are left out on purpose: adding a new edition must not reopen every decision.
 */
export function findingFingerprint(finding: DivergenceFinding, texts: ClauseTexts): string {
  const parts: string[] = [finding.kind, finding.clause];
  for (const lang of [...new Set(finding.langs)].sort()) {
    parts.push(`${lang}=${normaliseSpace(texts.get(lang)?.get(finding.clause) ?? '')}`);
  }
  parts.push(`actual=${[...finding.evidence.actual].sort().join('\u241f')}`);
  parts.push(`expected=${[...finding.evidence.expected].sort().join('\u241f')}`);
  return hash53(parts.join('\u241e'));
}

function normaliseSpace(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** cyrb53: a fast 53-bit string hash (not cryptographic; collisions only cost a missed reopen). */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
