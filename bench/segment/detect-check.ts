/**
 * Development aid: the read-across decision and reading order on generated pages, without alignment.
 * For each page set: the layout found per page, and the share of the text's word pairs (bigrams) that the
 * reflowed lines keep (1.00 = reading order fully restored).
 * Run: `npx tsx bench/segment/detect-check.ts [file.txt ...]`.
 */
import { readFileSync } from 'node:fs';
import { toSourceLines, withoutPageFurniture } from '../../functions/core/align/segment/segment-lines.ts';
import { unreadAcross } from '../../functions/core/align/segment/read-across.ts';
import { layoutReadAcross } from './make-read-across.ts';

const structure = JSON.parse(readFileSync('corpus/charters/integrating-cities/structure.json', 'utf8'));
const pairs = (text: string) => {
  const w = text.split(/\s+/).filter(Boolean);
  return w.slice(1).map((x, i) => `${w[i]} ${x}`);
};
let wrong = 0;
let total = 0;
let kept = 0;
const started = performance.now();
const only = process.env.CELL;
for (const lang of ['sv', 'da']) {
  const reviewed = JSON.parse(
    readFileSync(`corpus/charters/integrating-cities/reviewed/${lang}.json`, 'utf8'),
  );
  const clauses = structure.clauses
    .filter((c: { id: string }) => reviewed.clauses[c.id])
    .map((c: { id: string; kind: string }) => ({ kind: c.kind, text: reviewed.clauses[c.id] }));
  const truth = new Set(pairs(clauses.map((c: { text: string }) => c.text).join(' ')));
  for (const columns of [1, 2, 3] as const)
    for (const width of [28, 40, 55, 70])
      for (const blankLines of [true, false])
        for (const pages of ['one', 'true'] as const) {
          const name = `${lang} ${columns}x${width} ${blankLines ? 'blank' : 'tight'} ${pages}`;
          if (only && !name.includes(only)) continue;
          const { text } = layoutReadAcross(clauses, {
            columns,
            width,
            blankLines,
            pages,
            furniture: pages === 'true',
            seed: width + columns,
          });
          const body = withoutPageFurniture(toSourceLines(text));
          const result = unreadAcross(body.lines, { breaks: body.pageStarts });
          const found = result.pages.map(
            (p) => `${p.layout.columns}x${p.layout.width}(${p.layout.gain.toFixed(0)})`,
          );
          const ok = result.pages.every((p) => p.layout.columns === columns);
          const got = pairs(result.lines.map((l) => l.text.replace(/^[-•] /u, '')).join(' '));
          const share = got.filter((p) => truth.has(p)).length / got.length;
          kept += share;
          total++;
          if (!ok) wrong++;
          console.log(`${ok ? 'ok ' : 'BAD'} ${name}: ${found.join(' ')} pairs ${share.toFixed(3)}`);
          if (only) console.log(result.lines.map((l) => l.text).join('\n'));
        }
}
for (const f of process.argv.slice(2)) {
  const body = withoutPageFurniture(toSourceLines(readFileSync(f, 'utf8')));
  const result = unreadAcross(body.lines, { breaks: body.pageStarts });
  console.log(
    f,
    result.pages.map((p) => `${p.layout.columns}x${p.layout.width}(${p.layout.gain.toFixed(0)})`).join(' '),
  );
}
console.log(
  `wrong layouts ${wrong}/${total}, mean pair share ${(kept / total).toFixed(3)}, ${(performance.now() - started).toFixed(0)} ms`,
);
