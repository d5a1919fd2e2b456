import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
// zod/mini: the functional API, which esbuild tree-shakes (the chained one adds about 450 KB to the bundle).
import * as z from 'zod/mini';
import type { EditionStore } from '../core/editions/types.ts';
import { cachedClauseOrder } from '../adapters/resources/clause-order.ts';
import { collectExport } from '../core/export/collect.ts';
import { EXPORT_FORMATS, type ExportClause, type ExportFormat, formatExport } from '../core/export/index.ts';
import { decideFlag } from '../core/reviews/decide-flag.ts';
import {
  FlagConflictError,
  FlagNotFoundError,
  InvalidCursorError,
  InvalidDecisionError,
} from '../core/reviews/errors.ts';
import { DIVERGENCE_KINDS, parseFlagId } from '../core/reviews/flag-id.ts';
import { QUEUE_STATUSES } from '../core/reviews/queue-cursor.ts';
import type { FlagStatus, ReviewStore } from '../core/reviews/types.ts';
import type { AccessSettings } from '../core/auth/access.ts';
import { canReadReviews } from '../core/auth/principal.ts';
import {
  accessSettingsFromEnvironment,
  guardRequest,
  pageConnectSources,
  requestPrincipal,
} from './access-guard.ts';
import { editionStoreFromEnvironment } from './stores.ts';
import { type ReviewPageSource, reviewPageFromBundle } from './review-page.ts';
import { reviewStoreFromEnvironment } from './review-store.ts';

type Result = APIGatewayProxyStructuredResultV2;

/** What the API reads and writes. */
export interface ApiDeps {
  editions: EditionStore;
  /** Flags and decisions; without it the review routes answer 503. */
  reviews?: ReviewStore;
  /** The review page's files; without it /review answers 503. */
  reviewPage?: ReviewPageSource;
  /**
   * A charter's clauses in canonical order (its structure), for the export; without it, or when it gives null,
   * the export orders the stored clauses by their stored position.
   */
  clauseOrder?: (charter: string) => Promise<readonly ExportClause[] | null>;
  now?: () => Date;
  /** Which GET routes are public (default: `CHARTER_PUBLIC_READS`, else clause texts only). */
  access?: AccessSettings;
}

/** A JSON error with its status code; thrown by routes, answered by the handler. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

interface Request {
  params: string[];
  query: Record<string, string | undefined>;
  body: string | undefined;
  event: APIGatewayProxyEventV2;
}
type Handler = (request: Request, deps: Required<Pick<ApiDeps, 'editions'>> & ApiDeps) => Promise<Result>;

const SEGMENT = '([^/]+)';
const ID = /^[a-z0-9][a-z0-9._-]*$/i;
const LANG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));
const pattern = (re: RegExp) => z.string().check(z.regex(re));

const queueQuery = z.strictObject({
  status: z.optional(z.enum(QUEUE_STATUSES as [FlagStatus, ...FlagStatus[]])),
  charter: z.optional(pattern(ID)),
  lang: z.optional(pattern(LANG)),
  kind: z.optional(z.enum(DIVERGENCE_KINDS)),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
});

/**
 * Largest export body served: a synchronous Lambda response carries 6 MB, JSON-encoded with its headers, so
 * the same limit holds on the local server and on AWS.
 */
export const MAX_EXPORT_BYTES = 5 * 2 ** 20;

const exportQuery = z.strictObject({
  format: z._default(z.enum(Object.keys(EXPORT_FORMATS) as [ExportFormat, ...ExportFormat[]]), 'json'),
  source: z.optional(pattern(LANG)),
});

const decisionBody = z
  .strictObject({
    decision: z.enum(['accept', 'dismiss', 'correct', 'reopen']),
    note: z.string().check(z.trim(), z.minLength(1, 'say why: a note is required'), z.maxLength(4000)),
    by: z.optional(text(1, 200)),
    correctedText: z.optional(text(1, 20_000)),
    lang: z.optional(pattern(LANG)),
    revision: z.optional(z.int().check(z.minimum(1))),
  })
  .check(
    z.refine((body) => body.decision !== 'correct' || Boolean(body.correctedText), {
      message: 'a correction needs correctedText',
      path: ['correctedText'],
    }),
  );

const routes: Array<{ pattern: RegExp; methods: Partial<Record<'GET' | 'POST', Handler>> }> = [
  { pattern: /^\/charters$/, methods: { GET: listCharters } },
  { pattern: new RegExp(`^/charters/${SEGMENT}/clauses/${SEGMENT}$`), methods: { GET: getClause } },
  { pattern: new RegExp(`^/charters/${SEGMENT}/editions$`), methods: { GET: listEditions } },
  { pattern: new RegExp(`^/charters/${SEGMENT}/editions/${SEGMENT}$`), methods: { GET: getEdition } },
  { pattern: new RegExp(`^/charters/${SEGMENT}/export$`), methods: { GET: exportCharter } },
  { pattern: /^\/reviews$/, methods: { GET: listFlags } },
  { pattern: new RegExp(`^/reviews/${SEGMENT}$`), methods: { GET: getFlag, POST: decide } },
  { pattern: /^\/review\/?$/, methods: { GET: (_request, d) => pageAsset('index.html', d) } },
  { pattern: new RegExp(`^/review/${SEGMENT}$`), methods: { GET: (r, d) => pageAsset(r.params[0]!, d) } },
  { pattern: /^\/$/, methods: { GET: async () => ({ statusCode: 302, headers: { location: '/review' } }) } },
];

/**
 * Builds the API handler (API Gateway HTTP API, payload v2): charters, clauses across languages, editions, a
 * charter's export (TMX, CSV, JSON), the review queue and decisions, and the review page. Errors are JSON
 * `{error}` with 400, 404, 405, 409, 500 (503 when a store or the page is not configured). Passing a bare
 * EditionStore gives the read-only API.
 */
export function createApiHandler(
  deps: ApiDeps | EditionStore,
  logger = new Logger({ serviceName: 'charter-api' }),
) {
  const resolved: ApiDeps = 'getClause' in deps ? { editions: deps } : deps;
  const access = resolved.access ?? accessSettingsFromEnvironment();
  return async (event: APIGatewayProxyEventV2): Promise<Result> => {
    const method = event.requestContext.http.method.toUpperCase();
    const path = event.rawPath;
    const guarded = guardRequest(event, access);
    if (guarded) return guarded;
    try {
      for (const route of routes) {
        const match = route.pattern.exec(path);
        if (!match) continue;
        const handler = route.methods[method as 'GET' | 'POST'];
        if (!handler) {
          const allow = Object.keys(route.methods).join(', ');
          return json(405, { error: `${method} is not allowed on ${path}; use ${allow}` }, { allow });
        }
        const params = match.slice(1).map(decodeSegment);
        return await handler(
          { params, query: event.queryStringParameters ?? {}, body: bodyOf(event), event },
          resolved,
        );
      }
      return json(404, { error: `no route for ${path}` });
    } catch (error) {
      const known = asHttpError(error);
      if (known)
        return json(known.status, {
          error: known.message,
          ...(known.details ? { issues: known.details } : {}),
        });
      logger.error('request failed', { method, path, error: error as Error });
      return json(500, { error: 'internal error' });
    }
  };
}

async function listCharters(_: Request, deps: ApiDeps): Promise<Result> {
  const reviews = needReviews(deps);
  const charters = await Promise.all(
    (await reviews.listCharters()).map(async (charter) => {
      const [editions, flags] = await Promise.all([
        deps.editions.listEditions(charter),
        reviews.listCharterFlags(charter),
      ]);
      const counts = Object.fromEntries(
        QUEUE_STATUSES.map((s) => [s, flags.filter((f) => f.status === s).length]),
      );
      return {
        charter,
        editions: editions.map((e) => ({
          lang: e.lang,
          status: e.status,
          version: e.version,
          clauseCount: e.clauseCount,
          meanConfidence: e.meanConfidence,
          meanQuality: e.meanQuality ?? null,
          updatedAt: e.updatedAt,
        })),
        flags: counts,
      };
    }),
  );
  return json(200, { charters });
}

async function getClause({ params, event }: Request, deps: ApiDeps): Promise<Result> {
  const [charter, clauseId] = checkIds(params);
  // Flags, notes and reviewers' names are review data: only for signed-in readers and reviewers.
  const reviews = canReadReviews(requestPrincipal(event)) ? deps.reviews : undefined;
  const [records, flags, reviewed] = await Promise.all([
    deps.editions.getClause(charter, clauseId),
    reviews?.listClauseFlags(charter, clauseId) ?? [],
    reviews?.getReviewedClauses(charter, clauseId) ?? [],
  ]);
  if (records.length === 0 && flags.length === 0) {
    throw new HttpError(404, `no clause ${clauseId} in charter ${charter}`);
  }
  const languages = Object.fromEntries(
    [...records]
      .sort((a, b) => a.lang.localeCompare(b.lang))
      .map((r) => [
        r.lang,
        {
          text: r.text,
          confidence: r.confidence,
          quality: r.quality ?? null,
          ...(r.unknownWords?.length ? { unknownWords: r.unknownWords } : {}),
          version: r.version,
        },
      ]),
  );
  const corrections = Object.fromEntries(
    reviewed.map((r) => [r.lang, { text: r.text, by: r.by, at: r.at, flagId: r.flagId }]),
  );
  return json(200, {
    charter,
    clauseId,
    order: records[0]?.order ?? flags[0]?.order ?? null,
    languages,
    reviewed: corrections,
    flags,
  });
}

async function listEditions({ params }: Request, deps: ApiDeps): Promise<Result> {
  const [charter] = checkIds(params);
  const editions = await deps.editions.listEditions(charter);
  return json(200, {
    charter,
    editions: editions.map((e) => ({ ...e, meanQuality: e.meanQuality ?? null })),
  });
}

async function getEdition({ params }: Request, deps: ApiDeps): Promise<Result> {
  const [charter, lang] = checkIds(params);
  const edition = await deps.editions.getEdition(charter, lang);
  if (!edition) throw new HttpError(404, `no ${lang} edition of charter ${charter}`);
  const clauses = await deps.editions.listEditionClauses(charter, lang);
  return json(200, {
    edition: { ...edition, meanQuality: edition.meanQuality ?? null },
    clauses: clauses.map((c) => ({
      id: c.clauseId,
      text: c.text,
      confidence: c.confidence,
      quality: c.quality ?? null,
    })),
  });
}

async function exportCharter({ params, query }: Request, deps: ApiDeps): Promise<Result> {
  const [charter] = checkIds(params);
  const parsed = exportQuery.safeParse(query);
  if (!parsed.success) throw new HttpError(400, 'bad query', parsed.error.issues.map(issueText));
  const { format, source } = parsed.data;
  const reviews = deps.reviews;
  const clauses = (await deps.clauseOrder?.(charter)) ?? undefined;
  const input = await collectExport(charter, {
    editions: deps.editions,
    ...(reviews ? { openFlags: (c: string) => reviews.listCharterFlags(c) } : {}),
    ...(clauses ? { clauses } : {}),
  });
  if (!input) throw new HttpError(404, `charter ${charter} has no aligned edition`);
  let body: string;
  try {
    body = formatExport(format, input, { source, createdAt: deps.now?.() ?? new Date() });
  } catch (error) {
    if (error instanceof RangeError) throw new HttpError(400, error.message);
    throw error;
  }
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_EXPORT_BYTES) {
    throw new HttpError(
      413,
      `the ${format} export of ${charter} is ${(bytes / 2 ** 20).toFixed(1)} MB, more than the ${MAX_EXPORT_BYTES / 2 ** 20} MB one API response carries: use charter export`,
    );
  }
  const { contentType, extension } = EXPORT_FORMATS[format];
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${charter}.${extension}"`,
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

async function listFlags({ query }: Request, deps: ApiDeps): Promise<Result> {
  const parsed = queueQuery.safeParse(query);
  if (!parsed.success) throw new HttpError(400, 'bad query', parsed.error.issues.map(issueText));
  const page = await needReviews(deps).queryFlags(parsed.data as Parameters<ReviewStore['queryFlags']>[0]);
  return json(200, page);
}

async function getFlag({ params }: Request, deps: ApiDeps): Promise<Result> {
  const id = checkFlagId(params[0]!);
  const flag = await needReviews(deps).getFlag(id);
  if (!flag) throw new FlagNotFoundError(id);
  return json(200, { flag });
}

async function decide({ params, body, event }: Request, deps: ApiDeps): Promise<Result> {
  const id = checkFlagId(params[0]!);
  let payload: unknown;
  try {
    payload = JSON.parse(body ?? '');
  } catch {
    throw new HttpError(
      400,
      'the body must be JSON: {decision, note, by?, correctedText?, lang?, revision?}',
    );
  }
  const parsed = decisionBody.safeParse(payload);
  if (!parsed.success) throw new HttpError(400, 'bad decision', parsed.error.issues.map(issueText));
  // The reviewer is the token's user, never the body's `by` (kept in the schema for older clients, ignored).
  const by = requestPrincipal(event)?.username;
  if (!by) throw new HttpError(401, 'sign in: a decision needs a bearer token');
  const flag = await decideFlag(id, { ...parsed.data, by }, { reviews: needReviews(deps), now: deps.now });
  return json(200, { flag });
}

async function pageAsset(name: string, deps: ApiDeps): Promise<Result> {
  if (!deps.reviewPage) throw new HttpError(503, 'the review page is not bundled with this API');
  const assets = await deps.reviewPage();
  if (!assets) throw new HttpError(503, 'the review page is not bundled with this API');
  const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
  if (!asset) throw new HttpError(404, `no review page file ${name}`);
  return {
    statusCode: 200,
    headers: {
      'content-type': asset.type,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      // The page loads its own script and style and talks to this API (and the sign-in's token endpoint) only.
      'content-security-policy': `default-src 'self'; connect-src ${pageConnectSources()}; img-src 'self' data:; frame-ancestors 'none'`,
    },
    body: asset.body,
  };
}

function needReviews(deps: ApiDeps): ReviewStore {
  if (!deps.reviews) throw new HttpError(503, 'no review store is configured for this API');
  return deps.reviews;
}

function checkIds(params: string[]): [string, string] {
  for (const param of params) {
    if (!ID.test(param)) throw new HttpError(400, `"${param}" is not an id`);
  }
  return params as [string, string];
}

function checkFlagId(id: string): string {
  if (!parseFlagId(id)) throw new HttpError(400, `"${id}" is not a flag id (charter:clause:kind:lang+lang)`);
  return id;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `bad percent-encoding in "${segment}"`);
  }
}

function bodyOf(event: APIGatewayProxyEventV2): string | undefined {
  if (event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

function asHttpError(error: unknown): HttpError | null {
  if (error instanceof HttpError) return error;
  if (error instanceof FlagNotFoundError) return new HttpError(404, error.message);
  if (error instanceof FlagConflictError) return new HttpError(409, error.message);
  if (error instanceof InvalidDecisionError || error instanceof InvalidCursorError) {
    return new HttpError(400, error.message);
  }
  return null;
}

/** One line per problem; zod/mini carries no message locale, so the common codes are worded here. */
function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field(s): ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return `${where}must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      return `${where}must be a ${issue.expected}`;
    case 'too_small':
      if (issue.message !== 'Invalid input') return `${where}${issue.message}`;
      return `${where}must be at least ${issue.minimum}${issue.origin === 'string' ? ' character(s) long' : ''}`;
    case 'too_big':
      return `${where}must be at most ${issue.maximum}${issue.origin === 'string' ? ' characters long' : ''}`;
    case 'invalid_format':
      return `${where}is not in the expected form`;
    default:
      return `${where}${issue.message}`;
  }
}

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Result {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

let built: ReturnType<typeof createApiHandler> | undefined;

/** The Lambda entry point; stores come from the environment (TABLE_NAME), built once per container. */
export const handler = async (event: APIGatewayProxyEventV2) => {
  built ??= createApiHandler({
    editions: editionStoreFromEnvironment(),
    reviews: reviewStoreFromEnvironment(),
    reviewPage: reviewPageFromBundle(),
    clauseOrder: cachedClauseOrder(),
  });
  return built(event);
};
