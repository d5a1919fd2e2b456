/**
 * Review workflow timings on the embedded DynamoDB (dynalite, in-process, loopback): refreshing a charter's flags
 * from detector findings, paging the queue through the API handler with and without filters, and deciding.
 * dynalite is slower per request than DynamoDB but has no network: read the figures as request counts made
 * visible, not as cloud latencies. Run: `npx tsx bench/review-queue.ts` (writes bench/review-queue-report.md).
 */
import { writeFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startLocalStack } from '../cli/local-stack.ts';
import { DynamoDbReviewStore } from '../functions/adapters/dynamodb/dynamodb-review-store.ts';
import { decideFlag } from '../functions/core/reviews/decide-flag.ts';
import { refreshCharterFlags } from '../functions/core/reviews/refresh-flags.ts';
import type { DivergenceFinding, DivergenceKind, FlagSeverity } from '../functions/core/reviews/types.ts';
import { createApiHandler } from '../functions/handlers/api.ts';

const FLAGS = 1000;
const KINDS: DivergenceKind[] = [
  'number-mismatch',
  'name-mismatch',
  'meaning-drift',
  'length-outlier',
  'missing-clause',
];
const LANGS = ['sv', 'nb', 'da', 'en', 'de'];
const SEVERITIES: FlagSeverity[] = ['high', 'medium', 'low'];

function findings(count: number): DivergenceFinding[] {
  return Array.from({ length: count }, (_, i) => ({
    charter: 'bench',
    clause: `clause.${Math.floor(i / 5)}`,
    langs: [LANGS[i % LANGS.length]!],
    kind: KINDS[Math.floor(i / 5) % KINDS.length]!,
    severity: SEVERITIES[i % SEVERITIES.length]!,
    reason: `finding ${i}`,
    evidence: { actual: [String(2000 + (i % 30))], expected: ['1999'], comparedWith: ['sv'] },
  }));
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

const stack = await startLocalStack();
const reviews = new DynamoDbReviewStore(stack.dynamodb, stack.table);
const api = createApiHandler({ editions: {} as never, reviews });
const get = async (query: Record<string, string>) => {
  const response = await api({
    rawPath: '/reviews',
    queryStringParameters: query,
    requestContext: { http: { method: 'GET', path: '/reviews' } },
  } as unknown as APIGatewayProxyEventV2);
  return JSON.parse(String(response.body)) as { flags: unknown[]; cursor: string | null };
};
const walk = async (query: Record<string, string>) => {
  let pages = 0;
  let flags = 0;
  let cursor: string | null = null;
  const times: number[] = [];
  do {
    const [page, ms] = await timed(() => get(cursor ? { ...query, cursor } : query));
    times.push(ms);
    pages++;
    flags += page.flags.length;
    cursor = page.cursor;
  } while (cursor);
  return { pages, flags, msPerPage: times.reduce((a, b) => a + b, 0) / times.length };
};

const input = { charter: 'bench', findings: findings(FLAGS), texts: new Map(), order: new Map() };
const [created, createMs] = await timed(() => refreshCharterFlags(input, { reviews }));
const [kept, keptMs] = await timed(() => refreshCharterFlags(input, { reviews }));
const all = await walk({ charter: 'bench', status: 'open', limit: '50' });
const byLang = await walk({ charter: 'bench', status: 'open', lang: 'de', limit: '50' });
const byKind = await walk({
  charter: 'bench',
  status: 'open',
  lang: 'nb',
  kind: 'missing-clause',
  limit: '50',
});
const ids = (await reviews.listCharterFlags('bench')).slice(0, 50).map((f) => f.id);
const [, decideMs] = await timed(async () => {
  for (const id of ids) await decideFlag(id, { decision: 'accept', note: 'bench', by: 'bench' }, { reviews });
});
await stack.close();

const rows = [
  ['refresh, 1000 new findings', `${createMs.toFixed(0)} ms`, `created ${created.created}`],
  ['refresh, same 1000 findings again', `${keptMs.toFixed(0)} ms`, `kept ${kept.kept}, writes 0`],
  [
    'queue, open, 50 per page',
    `${all.msPerPage.toFixed(1)} ms/page`,
    `${all.pages} pages, ${all.flags} flags`,
  ],
  [
    'queue, open + lang filter (1 in 5)',
    `${byLang.msPerPage.toFixed(1)} ms/page`,
    `${byLang.pages} pages, ${byLang.flags} flags`,
  ],
  [
    'queue, open + lang + kind (1 in 25)',
    `${byKind.msPerPage.toFixed(1)} ms/page`,
    `${byKind.pages} pages, ${byKind.flags} flags`,
  ],
  [
    'decision (read + conditional put)',
    `${(decideMs / ids.length).toFixed(1)} ms`,
    `${ids.length} decisions`,
  ],
];
const report = [
  '# Review queue timings',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/review-queue.ts\` on dynalite (in-process, loopback),`,
  'through the real DynamoDbReviewStore and API handler. 1000 flags of one charter, five languages and kinds.',
  '',
  '| what | time | |',
  '|---|---|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
].join('\n');
writeFileSync(new URL('./review-queue-report.md', import.meta.url), report);
process.stdout.write(report);
