/**
 * Dumps every aligned clause of evaluation pages with its features, text, gold and laid-out lines (JSON), for
 * studying confident-wrong clauses offline.   npx tsx bench/calibration/dump.ts --pages bench/matrix/dev --out F
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { loadConfusionModel, loadLanguage } from '../../functions/adapters/resources/index.ts';
import { clauseFeatures, orderDoubt } from '../../functions/core/align/confidence/index.ts';
import { foldedSimilarity } from '../../functions/core/align/fold.ts';
import { layOutLines } from '../../functions/core/align/segment/reading-order.ts';
import { toSourceLines } from '../../functions/core/align/segment/segment-lines.ts';
import { alignCleaned, readabilityOf } from '../../functions/core/pipeline/process-edition-text.ts';
import { MATCH_THRESHOLD } from '../f1.ts';
import { readPages } from './pages.ts';

const { values } = parseArgs({
  options: { pages: { type: 'string', default: 'bench/matrix/dev' }, out: { type: 'string' } },
});
if (values.pages!.includes('blind')) throw new Error('never the blind split');
const confusions = await loadConfusionModel();
const out: unknown[] = [];
for (const page of readPages(values.pages!)) {
  const structure = loadCharterStructure(page.gold.charter);
  const reviewed = loadReviewedEditions(structure);
  const references = reviewed.filter(
    (e) => e.lang !== page.gold.lang && page.gold.references.includes(e.lang),
  );
  const resources = await loadLanguage(page.gold.lang).catch(() => null);
  const result = alignCleaned(page.text, {
    structure,
    references,
    lang: page.gold.lang,
    resources,
    confusions,
  });
  const posteriors = result.clauses.map((c) => c.posterior ?? c.confidence);
  const features = clauseFeatures(result.clauses, posteriors, structure, references, {
    readability: readabilityOf(resources),
    layout: result.layout,
  });
  const laid = layOutLines(toSourceLines(page.text), {
    isWord: resources ? (w) => resources.lexicon.has(w) : undefined,
    conjunctions: resources?.settings.conjunctions,
  });
  out.push({
    page: page.file,
    condition: page.condition,
    lang: page.gold.lang,
    layout: result.layout,
    pages: laid.laidOut.pages.map((p) => ({ lines: p.lines.length, ...p.layout })),
    lines: laid.laidOut.lines,
    clauses: result.clauses.map((clause, k) => {
      const gold = page.gold.clauses[clause.id];
      const sim = gold === undefined ? 0 : foldedSimilarity(clause.text, gold);
      return {
        id: clause.id,
        kind: structure.clauses.find((c) => c.id === clause.id)?.kind,
        text: clause.text,
        gold: gold ?? null,
        sim,
        right: sim >= MATCH_THRESHOLD,
        posterior: posteriors[k],
        features: features[k]!.values,
        orderDoubt: orderDoubt(clause, result.layout),
        spans: clause.spans,
        segments: clause.segments,
        cuts: (result.layout?.cuts ?? []).flatMap((cut) => {
          let overlap = 0;
          for (const span of clause.spans)
            overlap += Math.max(0, Math.min(span.end, cut.end) - Math.max(span.start, cut.start));
          return overlap > 0
            ? [{ margin: Math.min(cut.margin, 99), overlap, length: cut.end - cut.start }]
            : [];
        }),
      };
    }),
  });
  process.stderr.write('.');
}
writeFileSync(values.out!, JSON.stringify(out));
