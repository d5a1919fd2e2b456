/**
 * The reviewed editions of every charter in `corpus/charters`, each wrapped at the given widths: the text the
 * reversed-line scripts damage with a seeded share of word-reversed lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { wrap } from '../../test/fixtures/wrap-text.ts';

/** One reviewed edition wrapped at one width. */
export interface WrappedEdition {
  charter: string;
  file: string;
  width: number;
  lines: string[];
}

/** Every reviewed edition of every charter, wrapped at each of `widths` (charters without reviewed texts skipped). */
export function wrappedReviewedEditions(widths: readonly number[]): WrappedEdition[] {
  const out: WrappedEdition[] = [];
  for (const charter of readdirSync('corpus/charters', { withFileTypes: true }).filter((d) =>
    d.isDirectory(),
  )) {
    const dir = `corpus/charters/${charter.name}/reviewed`;
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    } catch {
      continue;
    }
    for (const file of files) {
      const clauses = Object.values(
        JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')).clauses as Record<string, string>,
      );
      for (const width of widths) {
        const lines = clauses.flatMap((text) => wrap(text.split(/\s+/u).filter(Boolean).join(' '), width));
        out.push({ charter: charter.name, file, width, lines });
      }
    }
  }
  return out;
}
