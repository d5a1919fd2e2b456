/** GET /charters/{c}/export on the memory stores: formats, headers, flags, and the errors. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ClauseRecord, EditionRecord } from '../core/editions/types.ts';
import { MemoryEditionStore } from '../core/editions/memory-edition-store.ts';
import { MemoryReviewStore } from '../core/reviews/memory-review-store.ts';
import { refreshCharterFlags } from '../core/reviews/refresh-flags.ts';
import { finding, texts } from '../core/reviews/test-fixtures.ts';
import { createApiHandler, MAX_EXPORT_BYTES } from './api.ts';

const TRICKY_SV = 'Städer, regioner och "stater"\nandra raden <&>';
const GREEK = 'Χάρτης των πόλεων';

function edition(lang: string, version: number): EditionRecord {
  return {
    charter: 'c1',
    lang,
    version,
    status: 'aligned',
    sourceKey: `uploads/c1/${lang}/${lang}.txt`,
    sourceEtag: `e-${lang}`,
    detectedLang: null,
    clauseCount: 2,
    residue: [],
    changeCount: 0,
    meanConfidence: 0.9,
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

const clause = (
  clauseId: string,
  lang: string,
  order: number,
  text: string,
  confidence: number,
): ClauseRecord => ({
  charter: 'c1',
  clauseId,
  lang,
  order,
  text,
  confidence,
  version: 1,
});

/** API Gateway's JWT authorizer context of a signed-in reader: the export carries review data. */
const READER = { jwt: { claims: { 'cognito:username': 'rita', 'cognito:groups': '[readers]' }, scopes: [] } };

function event(path: string, query?: Record<string, string>, method = 'GET'): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method, path }, authorizer: READER },
  } as unknown as APIGatewayProxyEventV2;
}

let api: ReturnType<typeof createApiHandler>;
let editions: MemoryEditionStore;

async function get(path: string, query?: Record<string, string>) {
  const response = await api(event(path, query));
  return { status: response.statusCode, headers: response.headers ?? {}, body: String(response.body) };
}

beforeEach(async () => {
  editions = new MemoryEditionStore();
  await editions.saveEdition(edition('sv', 1), [
    { ...clause('intro.1', 'sv', 0, TRICKY_SV, 0.95), quality: 0.875 },
    clause('intro.3', 'sv', 2, 'Tredje', 0.5),
  ]);
  await editions.saveEdition(edition('el', 1), [
    clause('intro.1', 'el', 0, GREEK, 0.8),
    clause('intro.2', 'el', 1, 'Δεύτερο', 0.7),
    clause('intro.3', 'el', 2, 'Τρίτο', 0.6),
  ]);
  const reviews = new MemoryReviewStore();
  await refreshCharterFlags(
    {
      charter: 'c1',
      findings: [
        finding({ clause: 'intro.2', kind: 'missing-clause', langs: ['sv'], severity: 'medium' }),
        finding({ clause: 'intro.9', kind: 'missing-clause', langs: ['el', 'sv'], severity: 'medium' }),
      ],
      texts: texts({ sv: { 'intro.1': TRICKY_SV } }),
      order: new Map([
        ['intro.1', 0],
        ['intro.2', 1],
        ['intro.3', 2],
        ['intro.9', 8],
      ]),
    },
    { reviews },
  );
  api = createApiHandler({ editions, reviews, now: () => new Date('2026-05-06T07:08:09.000Z') });
});

describe('GET /charters/{c}/export', () => {
  it('gives JSON by default, clauses in canonical order with their open flags', async () => {
    const { status, headers, body } = await get('/charters/c1/export');
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(headers['content-disposition']).toBe('attachment; filename="c1.json"');
    const doc = JSON.parse(body);
    expect(doc.languages).toEqual(['el', 'sv']);
    // intro.9 is in no edition: only its missing-clause flag says it exists.
    expect(doc.clauses.map((c: { id: string }) => c.id)).toEqual([
      'intro.1',
      'intro.2',
      'intro.3',
      'intro.9',
    ]);
    expect(doc.clauses[0].texts).toEqual({ el: GREEK, sv: TRICKY_SV });
    expect(doc.clauses[0].quality).toEqual({ sv: 0.875 });
    expect(doc.clauses[1]).toMatchObject({
      texts: { el: 'Δεύτερο' },
      flags: ['c1:intro.2:missing-clause:sv'],
    });
    expect(doc.clauses[3]).toMatchObject({ texts: {}, flags: ['c1:intro.9:missing-clause:el+sv'] });
  });

  it('gives CSV with CRLF line ends and the tricky text quoted', async () => {
    const { status, headers, body } = await get('/charters/c1/export', { format: 'csv' });
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^text\/csv/);
    expect(headers['content-disposition']).toBe('attachment; filename="c1.csv"');
    expect(body.split('\r\n')[0]).toBe(
      'clause,order,el,sv,el_confidence,sv_confidence,el_quality,sv_quality,flags,' +
        'el_reviewed_by,sv_reviewed_by,el_reviewed_at,sv_reviewed_at,el_ocr_text,sv_ocr_text,accepted',
    );
    expect(body).toContain(
      `intro.1,0,${GREEK},"Städer, regioner och ""stater""\nandra raden <&>",0.8,0.95,,0.875,,,,,,,,\r\n`,
    );
    expect(body).toContain('intro.2,1,Δεύτερο,,0.7,,,,c1:intro.2:missing-clause:sv,,,,,,,\r\n');
    expect(body.charCodeAt(0)).not.toBe(0xfeff);
    // For spreadsheets: a byte-order mark on request, the same CSV after it; other formats take none.
    const withBom = await get('/charters/c1/export', { format: 'csv', bom: 'true' });
    expect(withBom.body).toBe(`\uFEFF${body}`);
    expect((await get('/charters/c1/export', { format: 'json', bom: 'true' })).body.charCodeAt(0)).toBe(0x7b);
    expect((await get('/charters/c1/export', { format: 'csv', bom: 'yes' })).status).toBe(400);
  });

  it('gives TMX with the source language asked for and the text escaped', async () => {
    const { status, headers, body } = await get('/charters/c1/export', { format: 'tmx', source: 'sv' });
    expect(status).toBe(200);
    expect(headers['content-type']).toMatch(/^application\/x-tmx\+xml/);
    expect(headers['content-disposition']).toBe('attachment; filename="c1.tmx"');
    expect(body).toMatch(/<header [^>]*srclang="sv"[^>]*creationdate="20260506T070809Z"/);
    expect(body).toContain('<seg>Städer, regioner och "stater"\nandra raden &lt;&amp;&gt;</seg>');
    expect(body.match(/<tu /g)).toHaveLength(3);
  });

  it('answers 400 for an unknown format, a source that is not exported, or an unknown parameter', async () => {
    const format = await get('/charters/c1/export', { format: 'xlsx' });
    expect(format.status).toBe(400);
    expect(JSON.parse(format.body).issues).toEqual(['format: must be one of tmx, csv, json']);
    const source = await get('/charters/c1/export', { format: 'tmx', source: 'fi' });
    expect(source.status).toBe(400);
    expect(JSON.parse(source.body).error).toMatch(/"fi" is not exported \(languages: el, sv\)/);
    expect((await get('/charters/c1/export', { lang: 'sv' })).status).toBe(400);
    expect((await get('/charters/c%20x/export')).status).toBe(400);
  });

  it('answers 404 for an unknown charter and for one with no aligned edition, 405 for a POST', async () => {
    expect((await get('/charters/nope/export')).status).toBe(404);
    await editions.markFailed({ ...edition('da', 1), charter: 'c2', status: 'failed', error: 'binary' });
    expect((await editions.listEditions('c2')).map((e) => e.version)).toEqual([0]);
    const failedOnly = await get('/charters/c2/export', { format: 'csv' });
    expect([failedOnly.status, JSON.parse(failedOnly.body).error]).toEqual([
      404,
      'charter c2 has no aligned edition',
    ]);
    expect((await api(event('/charters/c1/export', undefined, 'POST'))).statusCode).toBe(405);
  });

  it("takes the charter's structure when given one: a clause no edition has and no flag names is a row", async () => {
    const withOrder = createApiHandler({
      editions,
      clauseOrder: async (charter) =>
        charter === 'c1'
          ? ['intro.0', 'intro.1', 'intro.2', 'intro.3'].map((id, order) => ({ id, order }))
          : null,
    });
    const csv = String((await withOrder(event('/charters/c1/export', { format: 'csv' }))).body);
    expect(csv.split('\r\n').slice(1, 3)).toEqual([
      'intro.0,0,,,,,,,,,,,,,,',
      expect.stringMatching(/^intro\.1,1,/),
    ]);
    expect((await withOrder(event('/charters/nope/export'))).statusCode).toBe(404);
  });

  it('answers 413 for an export larger than one Lambda response carries', async () => {
    await editions.saveEdition(edition('da', 1), [
      clause('intro.1', 'da', 0, 'x'.repeat(MAX_EXPORT_BYTES), 0.9),
    ]);
    const big = await get('/charters/c1/export', { format: 'csv' });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error).toMatch(
      /csv export of c1 is 5\.0 MB, more than the 5 MB .*charter export/,
    );
  });

  it('exports without flags when the API has no review store', async () => {
    const readOnly = createApiHandler(editions);
    const doc = JSON.parse(String((await readOnly(event('/charters/c1/export'))).body));
    expect(doc.clauses.map((c: { id: string }) => c.id)).toEqual(['intro.1', 'intro.2', 'intro.3']);
    expect(doc.clauses.every((c: { flags: string[] }) => c.flags.length === 0)).toBe(true);
  });
});
