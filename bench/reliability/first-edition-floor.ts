/**
 * Data for the quality floor of a language's first edition (functions/core/editions/quality-gate.ts): how many of
 * a charter's clauses the aligner finds, and at what confidence, for real editions (the corpus editions, the dev
 * condition matrix's pages) and for texts that are no edition of the charter (a news report, another charter's
 * editions, a three-sentence text), each aligned as the ingest pipeline aligns it: with the other languages'
 * reviewed editions as references, and with the structure alone (a charter's very first edition).
 *
 *   nice -n 10 npx tsx bench/reliability/first-edition-floor.ts [--no-matrix]
 *
 * Writes bench/reliability/first-edition-floor-report.md.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCharterStructure, loadReviewedEditions } from '../../functions/adapters/resources/charters.ts';
import { chooseLanguage } from '../../functions/adapters/resources/choose-language.ts';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import {
  DEFAULT_GATE,
  firstEditionReasons,
  type FirstEditionStats,
} from '../../functions/core/editions/quality-gate.ts';
import { alignCleaned } from '../../functions/core/pipeline/process-edition-text.ts';
import type { CharterStructure, ReviewedEdition } from '../../functions/core/structure/types.ts';
import { decodeBytes } from '../../functions/core/text/decode-bytes/index.ts';
import { NEWS } from '../../test/fixtures/bad-inputs.ts';

const { values } = parseArgs({ options: { 'no-matrix': { type: 'boolean', default: false } } });

interface Case {
  name: string;
  /** True when the text is an edition (whole or partial) of the charter. */
  edition: boolean;
  charter: string;
  text: string;
  /** Declared language; null: detected as the pipeline does. */
  lang: string | null;
  /** Reference languages; absent: every reviewed edition but the text's own language. */
  references?: string[];
}

interface Row {
  name: string;
  edition: boolean;
  charter: string;
  lang: string;
  refs: number;
  total: number;
  found: number;
  confident: Record<string, number>;
  mean: number;
  reasons: string[];
}

const THRESHOLDS = [0.3, 0.5, 0.7];
const corpus = (charter: string, lang: string) =>
  readFileSync(`corpus/charters/${charter}/editions/${lang}.txt`, 'utf8');
const GERMAN_THREE_SENTENCES =
  'Die Stadt verpflichtet sich, allen Burgerinnen und Burgern die gleichen Rechte und Moglichkeiten zu geben.\n\n' +
  'Sie unterstutzt die Teilnahme der Menschen mit Migrationshintergrund am offentlichen Leben und bietet ' +
  'Sprachkurse fur Erwachsene an.\n\n' +
  'Gemeinsam mit den Vereinen und Schulen entwickelt sie Massnahmen gegen Diskriminierung.\n';

function corpusCases(): Case[] {
  const cases: Case[] = [];
  for (const lang of ['sv', 'nb', 'da'])
    cases.push({
      name: `integrating-cities ${lang}`,
      edition: true,
      charter: 'integrating-cities',
      text: corpus('integrating-cities', lang),
      lang: null,
    });
  for (const lang of ['da', 'de', 'en', 'fr', 'nb', 'sv'])
    cases.push({
      name: `udhr ${lang}`,
      edition: true,
      charter: 'udhr',
      text: corpus('udhr', lang),
      lang: null,
    });
  cases.push({
    name: 'news report (en)',
    edition: false,
    charter: 'integrating-cities',
    text: `${NEWS}\n\nThe meeting ended at ten.`,
    lang: null,
  });
  cases.push({
    name: 'news report (en)',
    edition: false,
    charter: 'udhr',
    text: `${NEWS}\n\nThe meeting ended at ten.`,
    lang: null,
  });
  cases.push({
    name: 'three German sentences',
    edition: false,
    charter: 'integrating-cities',
    text: GERMAN_THREE_SENTENCES,
    lang: null,
  });
  for (const lang of ['de', 'fr', 'en', 'sv', 'da', 'nb'])
    cases.push({
      name: `udhr ${lang} as integrating-cities`,
      edition: false,
      charter: 'integrating-cities',
      text: corpus('udhr', lang),
      lang: null,
    });
  for (const lang of ['sv', 'nb', 'da'])
    cases.push({
      name: `integrating-cities ${lang} as udhr`,
      edition: false,
      charter: 'udhr',
      text: corpus('integrating-cities', lang),
      lang: null,
    });
  return cases;
}

function matrixCases(): Case[] {
  const root = join('bench', 'matrix', 'dev');
  const cases: Case[] = [];
  for (const condition of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const dir = join(root, condition.name);
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.gold.json'))
      .sort()) {
      const gold = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
        charter: string;
        lang: string;
        references: string[];
      };
      const file = join(dir, name.replace(/\.gold\.json$/, '.txt'));
      cases.push({
        name: `${condition.name}/${name.replace(/\.gold\.json$/, '')}`,
        edition: true,
        charter: gold.charter,
        text: decodeBytes(new Uint8Array(readFileSync(file)), file).text,
        lang: gold.lang,
        references: gold.references,
      });
    }
  }
  return cases;
}

const charters = new Map<string, { structure: CharterStructure; reviewed: ReviewedEdition[] }>();
function charterOf(name: string) {
  let loaded = charters.get(name);
  if (!loaded) {
    const structure = loadCharterStructure(name);
    loaded = { structure, reviewed: loadReviewedEditions(structure) };
    charters.set(name, loaded);
  }
  return loaded;
}

async function run(c: Case, structureOnly: boolean): Promise<Row> {
  const { structure, reviewed } = charterOf(c.charter);
  const choice = await chooseLanguage(c.text, c.lang, c.name);
  const references = structureOnly
    ? []
    : reviewed.filter((r) => r.lang !== choice.lang && (!c.references || c.references.includes(r.lang)));
  const result = alignCleaned(c.text, {
    structure,
    references,
    lang: choice.lang,
    resources: choice.resources,
    confusions: await loadConfusionModel(),
  });
  const confidences = result.clauses.map((clause) => clause.confidence);
  const stats: FirstEditionStats = {
    clauseCount: new Set(result.clauses.map((clause) => clause.id)).size,
    meanConfidence: confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : 0,
    confidences,
    referenceCount: references.length,
  };
  return {
    name: c.name,
    edition: c.edition,
    charter: c.charter,
    lang: choice.lang,
    refs: references.length,
    total: structure.clauses.length,
    found: stats.clauseCount,
    confident: Object.fromEntries(THRESHOLDS.map((t) => [t, confidences.filter((x) => x >= t).length])),
    mean: stats.meanConfidence,
    reasons: firstEditionReasons(stats, structure.clauses.length),
  };
}

const rows: Row[] = [];
const started = performance.now();
for (const c of corpusCases()) {
  rows.push(await run(c, false));
  rows.push(await run(c, true));
  console.error(`${c.name} -> ${c.charter}`);
}
const matrix: Row[] = [];
if (!values['no-matrix']) {
  for (const c of matrixCases()) {
    matrix.push(await run(c, false));
    console.error(c.name);
  }
}

const f2 = (x: number) => x.toFixed(2);
const share = (n: number, total: number) => `${n} (${Math.round((n / total) * 100)}%)`;
const line = (r: Row) =>
  `| ${r.name} | ${r.edition ? 'yes' : 'no'} | ${r.charter} | ${r.lang} | ${r.refs} | ${share(r.found, r.total)} | ` +
  `${THRESHOLDS.map((t) => share(r.confident[t]!, r.total)).join(' | ')} | ${f2(r.mean)} | ${r.reasons.length ? 'held back' : 'current'} |`;
const head =
  `| text | an edition | charter | language | references | clauses found | ${THRESHOLDS.map((t) => `>= ${t}`).join(' | ')} | mean confidence | first-edition gate |\n` +
  `|---|---|---|---|---:|---:|${THRESHOLDS.map(() => '---:').join('|')}|---:|---|`;
const heldBack = (list: Row[]) => list.filter((r) => r.reasons.length);
const editions = rows.filter((r) => r.edition);
const others = rows.filter((r) => !r.edition);
const byCondition = new Map<string, Row[]>();
for (const r of matrix) {
  const condition = r.name.split('/')[0]!;
  byCondition.set(condition, [...(byCondition.get(condition) ?? []), r]);
}
const report = `# The first edition's quality floor: data

Measured by \`nice -n 10 npx tsx bench/reliability/first-edition-floor.ts\` on ${new Date().toISOString().slice(0, 10)}
(${Math.round((performance.now() - started) / 1000)} s). Each text is aligned as the ingest pipeline aligns it
(\`alignCleaned\` with the language given or detected by \`chooseLanguage\`), once with the charter's reviewed
editions of the other languages as references, once with the structure alone (references 0: a charter's very first
edition). "clauses found" is the clauses the aligner placed text in; the next columns count those at or above each
confidence, with their share of the charter's clauses. The last column is the gate's verdict
(\`firstEditionReasons\`, limits: at confidence >= ${DEFAULT_GATE.firstEditionConfidence},
${Math.round(DEFAULT_GATE.minClauseShare * 100)}% of the charter's clauses with references,
${Math.round(DEFAULT_GATE.structureOnlyShare * 100)}% with the structure alone).

- Editions: ${editions.length - heldBack(editions).length} of ${editions.length} alignments pass.
- Not editions of the charter: ${heldBack(others).length} of ${others.length} alignments held back.

${head}
${rows.map(line).join('\n')}
${
  matrix.length
    ? `
## The dev condition matrix (bench/matrix/dev), with each page's reference languages

Pages of the matrix are editions, some of them partial (a window of the declaration's sections, headings only, an
abridged edition): a page holding under a quarter of the charter is held back as a first edition, and a reviewer
can promote it. ${matrix.length - heldBack(matrix).length} of ${matrix.length} pages pass.

| condition | pages | pass | held back (pages: clauses found / confident / charter) |
|---|---:|---:|---|
${[...byCondition]
  .map(
    ([condition, list]) =>
      `| ${condition} | ${list.length} | ${list.length - heldBack(list).length} | ${
        heldBack(list)
          .map(
            (r) =>
              `${r.name.split('/')[1]}: ${r.found}/${r.confident[DEFAULT_GATE.firstEditionConfidence] ?? '?'}/${r.total}`,
          )
          .join('; ') || '-'
      } |`,
  )
  .join('\n')}
`
    : ''
}`;
writeFileSync('bench/reliability/first-edition-floor-report.md', report);
console.log(report);
