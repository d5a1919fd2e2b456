/** Check: text left unaligned that reads like content rather than page furniture. */
import type { DivergenceFinding } from '../reviews/types.ts';
import type { DetectionContext } from './context.ts';
import { severityOf, snippet } from './severity.ts';

const WORDS = /\p{L}{2,}/gu;

/**
 * True when residue reads like running text: enough words of two or more letters, mostly letters, and a fair
 * share of words starting in lower case (mastheads, running titles and OCR debris do not).
 */
export function looksLikeContent(
  text: string,
  settings: { minWords: number; minLetterShare: number; minLowerShare: number },
): boolean {
  const words = text.match(WORDS) ?? [];
  if (words.length < settings.minWords) return false;
  const visible = text.replace(/\s+/g, '');
  const letters = visible.match(/\p{L}/gu)?.length ?? 0;
  if (letters / visible.length < settings.minLetterShare) return false;
  const lower = words.filter((w) => w[0] === w[0]!.toLowerCase()).length;
  return lower / words.length >= settings.minLowerShare;
}

/** One finding per residue item that looks like content. Strength: its number of words. */
export function unalignedResidue(context: DetectionContext): DivergenceFinding[] {
  const findings: DivergenceFinding[] = [];
  for (const edition of context.editions) {
    for (const item of edition.residue) {
      if (!looksLikeContent(item.text, context.thresholds.residue)) continue;
      const words = item.text.match(WORDS)?.length ?? 0;
      findings.push({
        charter: context.charter,
        clause: item.after ?? 'residue',
        langs: [edition.lang],
        kind: 'unaligned-residue',
        severity: severityOf('unaligned-residue', words, context.thresholds),
        reason: `${words} words of running text belong to no clause${item.after ? ` (after ${item.after})` : ''}`,
        evidence: { actual: [snippet(item.text, 160)], expected: [], comparedWith: [] },
      });
    }
  }
  return findings;
}
