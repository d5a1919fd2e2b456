/**
 * Headroom of the aligner's time budget (functions/core/align/budget.ts): aligns the corpus editions, and the
 * Swedish edition repeated 2, 4 and 8 times (a long edition that reads as language), and reports the time
 * alignment took against the budget for the text's size. Run: nice -n 10 npx tsx bench/reliability/align-budget.ts
 * (writes bench/reliability/align-budget-report.md).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCharterStructure } from '../../functions/adapters/resources/charters.ts';
import { loadLanguage } from '../../functions/adapters/resources/index.ts';
import { budgetMsFor } from '../../functions/core/align/budget.ts';
import { alignCleaned } from '../../functions/core/pipeline/process-edition-text.ts';

const CHARTER = 'integrating-cities';
const root = join(import.meta.dirname, '..', '..');
const editions = join(root, 'corpus', 'charters', CHARTER, 'editions');
const structure = loadCharterStructure(CHARTER);

const cases: Array<{ name: string; lang: string; text: string }> = [];
for (const lang of ['sv', 'nb', 'da']) {
  cases.push({ name: `${lang}.txt`, lang, text: readFileSync(join(editions, `${lang}.txt`), 'utf8') });
}
const sv = readFileSync(join(editions, 'sv.txt'), 'utf8');
for (const times of [2, 4, 8]) {
  cases.push({
    name: `sv.txt x${times}`,
    lang: 'sv',
    text: Array.from({ length: times }, () => sv).join('\n\n'),
  });
}

const rows: string[] = [];
for (const { name, lang, text } of cases) {
  const resources = await loadLanguage(lang);
  // Once to warm up, then timed.
  alignCleaned(text, { structure, references: [], lang, resources });
  const started = performance.now();
  const result = alignCleaned(text, {
    structure,
    references: [],
    lang,
    resources,
    clock: () => performance.now(),
  });
  const ms = performance.now() - started;
  const budget = budgetMsFor(text.length);
  rows.push(
    `| ${name} | ${text.length} | ${result.clauses.length} | ${(ms / 1000).toFixed(2)} | ${(budget / 1000).toFixed(1)} | ${(budget / ms).toFixed(0)}x |`,
  );
  process.stderr.write(`${rows.at(-1)}\n`);
}

const report = `# Alignment time budget: headroom

\`nice -n 10 npx tsx bench/reliability/align-budget.ts\`, ${new Date().toISOString().slice(0, 10)}, Node ${process.version},
on the shared 2-core machine (other jobs running). Alignment only (\`alignCleaned\`: layout, segmentation, scoring,
decoding, realignment, clause cleaning), structure-only references, the second of two runs. The budget
(functions/core/align/budget.ts) is 20 s plus 2 s per 1000 characters, at most 240 s.

| text | characters | clauses | seconds | budget (s) | budget / time |
|---|---:|---:|---:|---:|---:|
${rows.join('\n')}
`;
writeFileSync(join(import.meta.dirname, 'align-budget-report.md'), report);
