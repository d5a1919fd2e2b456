/**
 * How long the export formatters take on a charter far larger than the corpus one, and how large the output is.
 * Run: `npx tsx bench/export-timing.ts` (writes bench/export-report.md).
 *
 * The record is synthetic: 2,000 clauses x 8 languages of 300-character texts mixing Latin, Greek and CJK
 * letters with the characters every format escapes (quotes, commas, line breaks, <&>), one flag in ten clauses.
 * Each format is written 5 times after a warm-up; the median is reported.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportInput,
  formatExport,
} from '../functions/core/export/index.ts';

const CLAUSES = 2000;
const LANGS = ['da', 'de', 'el', 'en', 'fi', 'nb', 'sv', 'zh'];
const RUNS = 5;
const PIECES = ['Städer, regioner', ' "och" ', 'Χάρτης ', '城市宪章 ', '<&>', '\n', 'integration ', 'x'];

function text(seed: number): string {
  let out = '';
  for (let i = 0; out.length < 300; i++) out += PIECES[(seed * 7 + i * 13) % PIECES.length];
  return out;
}

function record(): ExportInput {
  const clauses = Array.from({ length: CLAUSES }, (_, order) => ({ id: `s${order % 50}.c${order}`, order }));
  return {
    charter: 'synthetic',
    clauses,
    records: clauses.flatMap((c) =>
      LANGS.map((lang, l) => ({
        clauseId: c.id,
        lang,
        text: text(c.order + l),
        confidence: 0.5 + (c.order % 50) / 100,
        version: 1,
      })),
    ),
    flags: clauses
      .filter((c) => c.order % 10 === 0)
      .map((c) => ({ id: `synthetic:${c.id}:meaning-drift:sv`, clause: c.id, langs: ['sv'] })),
  };
}

const input = record();
const rows: string[] = [];
for (const format of Object.keys(EXPORT_FORMATS) as ExportFormat[]) {
  formatExport(format, input);
  const times: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    bytes = Buffer.byteLength(formatExport(format, input));
    times.push(performance.now() - started);
  }
  const median = times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
  rows.push(`| ${format} | ${median.toFixed(0)} ms | ${(bytes / 1024 / 1024).toFixed(1)} MB |`);
}

const report = `# Export timing

Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/export-timing.ts\` on ${cpus().length} cores
at load average ${loadavg()[0]!.toFixed(1)}, Node ${process.version}.

A synthetic record of ${CLAUSES} clauses x ${LANGS.length} languages (${CLAUSES * LANGS.length} texts of about 300
characters with quotes, commas, line breaks, \`<&>\`, Greek and CJK letters; an open flag on one clause in ten),
written by \`formatExport\` (functions/core/export), median of ${RUNS} runs after a warm-up.

| format | time | output |
|---|---|---|
${rows.join('\n')}

The corpus charter (42 clauses x 3 languages) is 26-47 KB in each format. A synchronous Lambda response is limited
to 6 MB: the api route serves a record up to about two thirds of this one in TMX (some 1,300 clauses in 8
languages). A larger charter would need its export written to S3 and handed out as a presigned URL.
`;
writeFileSync(fileURLToPath(new URL('export-report.md', import.meta.url)), report);
process.stdout.write(report);
