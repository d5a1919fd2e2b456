/**
 * Every language of a charter's reviewed editions aligned as a new user would upload it copied from a web page
 * (one paragraph a line, blank lines between, no OCR damage), with the other languages as references: the share
 * of its clauses found with exactly their reviewed text, and how many clauses at >= 0.9 confidence are wrong.
 * Run: `npx tsx bench/align-languages.ts [charter]` (default udhr); prints a Markdown table.
 */
import { loadCharterStructure, loadReviewedEditions } from '../functions/adapters/resources/charters.ts';
import { alignEdition } from '../functions/core/align/align-edition.ts';

const charter = process.argv[2] ?? 'udhr';
const structure = loadCharterStructure(charter);
const reviewed = loadReviewedEditions(structure);
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
console.log(`| ${charter} edition | clauses | found | confident | confident wrong |`);
console.log('|---|---:|---:|---:|---:|');
for (const own of reviewed) {
  const ids = structure.clauses.map((c) => c.id).filter((id) => own.clauses[id]);
  const text = ids.map((id) => own.clauses[id]).join('\n\n');
  const result = alignEdition(text, {
    structure,
    references: reviewed.filter((e) => e.lang !== own.lang),
    lang: own.lang,
  });
  const right = (id: string, t: string) => own.clauses[id] === normalise(t);
  const found = result.clauses.filter((c) => right(c.id, c.text)).length;
  const confident = result.clauses.filter((c) => c.confidence >= 0.9);
  const wrong = confident.filter((c) => !right(c.id, c.text)).length;
  console.log(
    `| ${own.lang} | ${ids.length} | ${(found / ids.length).toFixed(3)} | ${confident.length} | ${wrong} |`,
  );
}
