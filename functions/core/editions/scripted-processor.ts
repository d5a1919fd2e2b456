/** An {@link EditionProcessor} whose upload says what it aligns: for the core's tests of ingest and review. */
import type { EditionProcessor } from './ingest-edition.ts';

/**
 * Each line "c<n> <confidence>" of an upload aligns clause c<n> at that confidence (0.9 when absent), in a
 * charter of `totalClauses` clauses.
 */
export function scriptedProcessor(totalClauses: number): EditionProcessor {
  return async ({ bytes, lang }) => {
    const lines = new TextDecoder().decode(bytes).split('\n').filter(Boolean);
    return {
      lang: lang ?? 'xx',
      detectedLang: null,
      cleanedText: lines.join('\n\n'),
      clauses: lines.map((line, order) => {
        const [id, confidence] = line.split(' ');
        return { id: id!, order, text: line, confidence: Number(confidence ?? 0.9), quality: 1 };
      }),
      residue: [],
      changes: [],
      totalClauses,
    };
  };
}
