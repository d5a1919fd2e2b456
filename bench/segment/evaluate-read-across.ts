/**
 * Segmentation without layout assumptions: clause F1 over a grid of generated OCR page sets (see
 * make-read-across.ts): 1, 2 or 3 columns read across, column widths 28-70, paragraph spacing on or off,
 * one shrunk sheet or true size over 2-3 sheets with or without running header/footer/page numbers, on
 * several reviewed texts. Aligned as the CLI does (alignCleaned, other languages' reviewed editions as
 * references). Also counts furniture lines (headers, page numbers) that reached a clause text.
 *
 * Run: `npx tsx bench/segment/evaluate-read-across.ts` (writes bench/segment/report.md, worst cell first,
 * and bench/segment/results.json). `--quick` runs a smaller grid and prints it without writing either.
 * The "before" column comes from bench/segment/baseline.json: the same grid scored on the segmenter as it
 * was before this work (commit 6806ea1), written by running this script there with `--json FILE`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadLanguage } from '../../functions/adapters/resources/index.ts';
import { alignCleaned } from '../../functions/core/pipeline/process-edition-text.ts';
import {
  compileCharterSchema,
  parseCharterStructure,
  parseReviewedEdition,
} from '../../functions/core/structure/index.ts';
import type { CharterStructure, ReviewedEdition } from '../../functions/core/structure/types.ts';
import type { LanguageResources } from '../../functions/core/text/types.ts';
import { loadConfusionModel } from '../../functions/adapters/resources/index.ts';
import { clauseF1 } from '../f1.ts';
import { layoutReadAcross, type ReadAcrossLayout } from './make-read-across.ts';

interface Text {
  name: string;
  lang: string;
  structure: CharterStructure;
  edition: ReviewedEdition;
  references: ReviewedEdition[];
  header: string;
}

const read = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const validators = compileCharterSchema(read('corpus/charters/schema.json'));

function charterTexts(
  charter: string,
  structurePath: string,
  editions: Record<string, string>,
  header: string,
): Text[] {
  const structure = parseCharterStructure(read(structurePath), validators);
  const parsed = Object.entries(editions).map(([lang, path]) => {
    const raw = read(path) as Record<string, unknown>;
    // The held-out English edition carries a note and no source; the schema wants a source.
    return parseReviewedEdition({ source: path, ...raw, lang, charter }, validators, structure);
  });
  return parsed.map((edition) => ({
    name: `${charter}/${edition.lang}`,
    lang: edition.lang,
    structure,
    edition,
    references: parsed.filter((e) => e !== edition),
    header,
  }));
}

export function texts(): Text[] {
  const ic = 'corpus/charters/integrating-cities';
  return [
    ...charterTexts(
      'integrating-cities',
      `${ic}/structure.json`,
      {
        sv: `${ic}/reviewed/sv.json`,
        nb: `${ic}/reviewed/nb.json`,
        da: `${ic}/reviewed/da.json`,
        en: 'bench/holdout/english/reviewed.json',
      },
      'EUROCITIES - Integrating Cities Charter   2010',
    ),
    ...charterTexts(
      'harbour',
      'test/fixtures/harbour-charter/structure.json',
      {
        en: 'test/fixtures/harbour-charter/reviewed/en.json',
        de: 'test/fixtures/harbour-charter/reviewed/de.json',
      },
      'Harbour Charter · Northern Ports',
    ),
  ];
}

interface Cell {
  columns: 1 | 2 | 3;
  width: number;
  blankLines: boolean;
  pages: 'one' | 'true' | 'true+furniture';
}

interface Outcome {
  text: string;
  f1: number;
  leaks: number;
}

function cellName(c: Cell): string {
  return `${c.columns} col | ${c.width} | ${c.blankLines ? 'blank' : 'tight'} | ${c.pages}`;
}

async function resourcesOf(lang: string): Promise<LanguageResources | null> {
  try {
    return await loadLanguage(lang);
  } catch {
    return null;
  }
}

/** Scores every text in one cell; seeds vary with the text so glyphs, separators and labels vary. */
export async function runGrid(cells: Cell[], textList: Text[], seeds: number[]) {
  const confusions = await loadConfusionModel();
  const resources = new Map<string, LanguageResources | null>();
  for (const t of textList) if (!resources.has(t.lang)) resources.set(t.lang, await resourcesOf(t.lang));
  const rows: Array<{ cell: Cell; outcomes: Outcome[] }> = [];
  for (const cell of cells) {
    const outcomes: Outcome[] = [];
    for (const t of textList) {
      for (const seed of seeds) {
        const clauses = t.structure.clauses
          .filter((c) => t.edition.clauses[c.id])
          .map((c) => ({ kind: c.kind, text: t.edition.clauses[c.id]! }));
        const layout: ReadAcrossLayout = {
          columns: cell.columns,
          width: cell.width,
          blankLines: cell.blankLines,
          pages: cell.pages === 'one' ? 'one' : 'true',
          sheets: 2 + (seed % 2),
          furniture: cell.pages === 'true+furniture',
          seed: seed * 7919 + cell.width * 31 + cell.columns,
          header: t.header,
        };
        const pages = layoutReadAcross(clauses, layout);
        const result = alignCleaned(pages.text, {
          structure: t.structure,
          references: t.references,
          lang: t.lang,
          resources: resources.get(t.lang) ?? null,
          confusions,
        });
        const predicted = Object.fromEntries(result.clauses.map((c) => [c.id, c.text]));
        const score = clauseF1(predicted, t.edition.clauses);
        // A leak: a furniture line's text inside a clause (digits aside, as OCR may vary them).
        const fold = (s: string) => s.replace(/\s+/g, ' ').toLowerCase();
        const leaking = result.clauses.filter((c) =>
          pages.furniture.some((f) => /\p{L}/u.test(f) && fold(c.text).includes(fold(f))),
        );
        if (process.env.SHOW_LEAKS)
          for (const c of leaking) console.error(`leak ${cellName(cell)} ${t.name}: ${c.id}: ${c.text}`);
        const leaks = leaking.length;
        outcomes.push({ text: `${t.name}#${seed}`, f1: score.f1, leaks });
      }
    }
    rows.push({ cell, outcomes });
  }
  return rows;
}

function grid(quick: boolean): Cell[] {
  const cells: Cell[] = [];
  const widths = quick ? [30, 45, 65] : [28, 35, 42, 50, 60, 70];
  for (const columns of [1, 2, 3] as const)
    for (const width of widths)
      for (const blankLines of [true, false])
        for (const pages of ['one', 'true', 'true+furniture'] as const)
          cells.push({ columns, width, blankLines, pages });
  return cells;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const jsonAt = process.argv.indexOf('--json');
  const jsonOut = jsonAt > 0 ? process.argv[jsonAt + 1] : quick ? undefined : 'bench/segment/results.json';
  const textList = texts();
  const seeds = [1];
  const started = performance.now();
  // CELLS=<text> keeps the cells whose name contains it (a development run: nothing is written).
  const only = process.env.CELLS;
  const rows = await runGrid(
    grid(quick).filter((c) => !only || cellName(c).includes(only)),
    textList,
    seeds,
  );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const summary = rows
    .map(({ cell, outcomes }) => {
      const worst = outcomes.reduce((a, b) => (b.f1 < a.f1 ? b : a));
      return {
        cell,
        mean: mean(outcomes.map((o) => o.f1)),
        worst,
        leaks: outcomes.reduce((n, o) => n + o.leaks, 0),
      };
    })
    .sort((a, b) => a.mean - b.mean || a.worst.f1 - b.worst.f1);
  const all = rows.flatMap((r) => r.outcomes);
  const results = Object.fromEntries(
    rows.map((r) => [cellName(r.cell), Object.fromEntries(r.outcomes.map((o) => [o.text, o.f1]))]),
  );
  if (jsonOut && !only) writeFileSync(jsonOut, `${JSON.stringify(results, null, 1)}\n`);
  let baseline: Record<string, Record<string, number>> = {};
  try {
    baseline = JSON.parse(readFileSync('bench/segment/baseline.json', 'utf8'));
  } catch {
    // No baseline: the column stays empty.
  }
  const before = (cell: Cell) => {
    const xs = Object.values(baseline[cellName(cell)] ?? {});
    return xs.length ? mean(xs).toFixed(3) : '';
  };
  const beforeAll = Object.values(baseline).flatMap((c) => Object.values(c));
  const byText = new Map<string, number[]>();
  for (const o of all) {
    const name = o.text.replace(/#\d+$/u, '');
    byText.set(name, [...(byText.get(name) ?? []), o.f1]);
  }
  const beforeByText = new Map<string, number[]>();
  for (const c of Object.values(baseline))
    for (const [t, f1] of Object.entries(c)) {
      const name = t.replace(/#\d+$/u, '');
      beforeByText.set(name, [...(beforeByText.get(name) ?? []), f1]);
    }
  const by = (key: (c: Cell) => string) => {
    const groups = new Map<string, number[]>();
    for (const r of rows) {
      const k = key(r.cell);
      groups.set(k, [...(groups.get(k) ?? []), ...r.outcomes.map((o) => o.f1)]);
    }
    return [...groups].map(([k, xs]) => `| ${k} | ${mean(xs).toFixed(3)} | ${Math.min(...xs).toFixed(3)} |`);
  };
  const lines = [
    '# Segmentation without layout assumptions: read-across pages',
    '',
    'Generated by `npx tsx bench/segment/evaluate-read-across.ts` from the reviewed clause texts of',
    `${textList.map((t) => t.name).join(', ')} (seeds ${seeds.join(', ')}), laid out by`,
    '`bench/segment/make-read-across.ts` as N justified columns of W characters read straight across by the',
    'OCR (each line: the left column line, then the next, joined by one or two spaces). `blank`: a blank line',
    'between paragraphs; `tight`: none. `one`: one shrunk sheet; `true`: true size over 2-3 sheets (pages',
    'joined by a form feed or a blank line); `true+furniture`: with a running header and a page number',
    '(`Side 2 / 3`, `Page 2`, `- 2 -`, `Seite 2 von 3`, `2/3` or a bare number) on every sheet.',
    'Clause F1 as bench/f1.ts (alignCleaned, references: the other languages of the same charter).',
    '`leaks`: clauses whose text holds a running header.',
    '',
    `Overall mean F1 ${mean(all.map((o) => o.f1)).toFixed(3)} over ${all.length} page sets${beforeAll.length ? ` (before: ${mean(beforeAll).toFixed(3)})` : ''}; worst cell first.`,
    `Run time ${((performance.now() - started) / 1000).toFixed(0)} s.`,
    '',
    '| columns | width | spacing | pages | mean F1 | before | worst F1 | worst text | leaks |',
    '|---|---:|---|---|---:|---:|---:|---|---:|',
    ...summary.map(
      (s) =>
        `| ${cellName(s.cell)} | ${s.mean.toFixed(3)} | ${before(s.cell)} | ${s.worst.f1.toFixed(3)} | ${s.worst.text} | ${s.leaks} |`,
    ),
    '',
    '## By text',
    '',
    '| text | mean F1 | before | worst F1 |',
    '|---|---:|---:|---:|',
    ...[...byText].map(
      ([t, xs]) =>
        `| ${t} | ${mean(xs).toFixed(3)} | ${beforeByText.has(t) ? mean(beforeByText.get(t)!).toFixed(3) : ''} | ${Math.min(...xs).toFixed(3)} |`,
    ),
    '',
    '## By columns',
    '',
    '| columns | mean F1 | worst F1 |',
    '|---|---:|---:|',
    ...by((c) => String(c.columns)),
    '',
    '## By spacing and pages',
    '',
    '| spacing, pages | mean F1 | worst F1 |',
    '|---|---:|---:|',
    ...by((c) => `${c.blankLines ? 'blank' : 'tight'}, ${c.pages}`),
    '',
  ];
  const report = lines.join('\n');
  if (!quick && !only) writeFileSync('bench/segment/report.md', report);
  process.stdout.write(report);
}
