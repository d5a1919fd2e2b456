/**
 * One dev page clause by clause: the gold text, the text the product aligned to the clause, its confidence and
 * whether it matched (bench/f1.ts). For looking into a page's losses; never run on the blind split.
 *
 * Run: `npx tsx bench/matrix/page-detail.ts bench/matrix/dev/<condition>/<page>.txt`
 */
import { readFileSync } from 'node:fs';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import { alignCleaned } from '../../functions/core/pipeline/process-edition-text.ts';
import { decodeBytes } from '../../functions/core/text/decode-bytes/index.ts';
import { clauseF1 } from '../f1.ts';
import { resourcesOrNull } from '../language-resources.ts';
import type { PageGold } from './generate.ts';

const file = process.argv[2];
if (!file || file.includes('/blind'))
  throw new Error('usage: page-detail.ts bench/matrix/dev/<condition>/<page>.txt');
const gold = JSON.parse(readFileSync(file.replace(/\.txt$/, '.gold.json'), 'utf8')) as PageGold;
const text = decodeBytes(new Uint8Array(readFileSync(file)), file).text;
const structure = loadCharterStructure(gold.charter);
const references = loadReviewedEditions(structure).filter(
  (e) => gold.references.includes(e.lang) && e.lang !== gold.lang,
);
const result = alignCleaned(text, {
  structure,
  references,
  lang: gold.lang,
  resources: await resourcesOrNull(gold.lang),
  confusions: await loadConfusionModel(),
});
const predicted = Object.fromEntries(result.clauses.map((c) => [c.id, c]));
const score = clauseF1(Object.fromEntries(result.clauses.map((c) => [c.id, c.text])), gold.clauses);
const cut = (s: string | undefined) => (s ?? '-').replace(/\s+/g, ' ').slice(0, 90);
for (const outcome of score.outcomes) {
  const p = predicted[outcome.id];
  process.stdout.write(
    `${outcome.matched ? 'ok ' : 'BAD'} ${outcome.id} ${p ? p.confidence.toFixed(2) : '    '}\n   gold ${cut(gold.clauses[outcome.id])}\n   got  ${cut(p?.text)}\n`,
  );
}
process.stdout.write(`F1 ${score.f1.toFixed(3)} layout ${JSON.stringify(result.layout)}\n`);
