/**
 * Every route of the API in one table: method, path, who may call it (`access`), the zod schemas its request
 * is validated against and its responses are described by, and a thin handler. The router (app.ts), the
 * OpenAPI document (openapi.ts) and the access checks all read this table.
 */
import type * as z from 'zod/mini';
import type { AccessSettings } from '../../core/auth/access.ts';
import { StaleVersionError } from '../../core/editions/errors.ts';
import { promoteCandidate, RestoreError, type RestoreDeps } from '../../core/editions/restore-version.ts';
import type { EditionStore } from '../../core/editions/types.ts';
import { collectExport } from '../../core/export/collect.ts';
import { EXPORT_FORMATS, type ExportClause, formatExport } from '../../core/export/index.ts';
import { decideFlag } from '../../core/reviews/decide-flag.ts';
import { pageConnectSources, type SignInSettings, signInSettings } from '../access-guard.ts';
import { clauseBody, editionClauses, recordStore } from '../record-views.ts';
import { FlagNotFoundError } from '../../core/reviews/errors.ts';
import { QUEUE_STATUSES } from '../../core/reviews/queue-cursor.ts';
import type { FlagQuery, ReviewStore } from '../../core/reviews/types.ts';
import type { ReviewPageSource } from '../review-page.ts';
import { ApiError } from './errors.ts';
import { renderDocsPage } from './docs-page.ts';
import { buildOpenApi } from './openapi.ts';
import * as s from './schemas.ts';

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
  /**
   * Who may call a route; see {@link Authorize}. Default: the shared access table (core/auth/access.ts) under
   * `access`, the caller being the user whose JWT API Gateway's authorizer verified (the event's claims).
   */
  authorize?: Authorize;
  /**
   * Promotion of a candidate the quality gate held back (`POST /charters/{c}/editions/{lang}/promote`): the
   * blob store holding its alignment report, keep days and the flag refresh to run once it is current. Without
   * it that route answers 503.
   */
  promote?: Omit<RestoreDeps, 'editions'>;
  /** Which reads are public under the default check (default: clause texts only). */
  access?: AccessSettings;
  /** How the review page signs in (`GET /auth/config`); default: the user pool the environment names. */
  signIn?: () => SignInSettings;
  now?: () => Date;
}

/**
 * Who may call a route by default (the shared access table, core/auth/access.ts, decides, under the deployment's
 * settings; functions/handlers/api/access.test.ts keeps the two in step):
 * - `public`: published texts, the API description, the sign-in settings and the review page;
 * - `review-read`: reads review data (flags, decisions, reviewers, notes): a signed-in reader or reviewer;
 * - `review-write`: records a review decision: a signed-in reviewer.
 */
export type RouteAccess = 'public' | 'review-read' | 'review-write';

/** A request as an access check sees it. */
export interface AccessRequest {
  access: RouteAccess;
  method: string;
  /** The route's path template, e.g. `/reviews/{flag}`. */
  route: string;
  headers: Headers;
  /** The API Gateway event on Lambda (its authorizer context); absent on the local server. */
  event?: unknown;
}

/**
 * The one access check, run before every route's handler: gives the caller's identity (`reviewer`, recorded
 * with decisions), or throws an {@link ApiError} (401, 403) to refuse the request.
 */
export type Authorize = (request: AccessRequest) => Promise<AccessGrant> | AccessGrant;

/** What the access check found out about the caller. */
export interface AccessGrant {
  /** The caller's user name, recorded as the reviewer of a decision. */
  reviewer?: string;
  /**
   * Whether the caller may see review data (flags, notes, reviewers' names) on a public route such as a clause
   * read; absent: yes (an API without access rules).
   */
  reviewData?: boolean;
}

/** A validated request, as a route handler takes it. */
export interface RouteRequest<Q = unknown, B = unknown> {
  params: Record<string, string>;
  query: Q;
  body: B;
  /** The caller's identity from the access check, when there is one. */
  reviewer?: string;
  /** False when the caller may not see review data (see {@link AccessGrant}). */
  reviewData?: boolean;
}

/** A handler's answer: a status, headers and a body (serialised as JSON unless it is a string). */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One documented response of a route. */
export interface ResponseSpec {
  description: string;
  /** Media type -> schema of the body; absent: no body. */
  content?: Record<string, z.core.$ZodType>;
  headers?: Record<string, string>;
}

/** One route of the API. */
export interface Route {
  method: 'GET' | 'POST';
  /** Path template with `{name}` parameters (the OpenAPI and API Gateway form). */
  path: string;
  operationId: string;
  summary: string;
  access: RouteAccess;
  /** Schema of each path parameter; a value it rejects is a 400 `"<value>" is not <message>`. */
  params?: Record<string, z.core.$ZodType<string>>;
  query?: z.core.$ZodType;
  /** JSON body schema. */
  body?: z.core.$ZodType;
  /** The body's shape in the error for a body that is not JSON. */
  bodyShape?: string;
  /** Further paths served by the same handler, left out of the document (e.g. a trailing slash). */
  aliases?: string[];
  /** Documented answers besides the common ones (400 when it validates, 404, 500). */
  responses: Record<number, ResponseSpec>;
  handle(request: RouteRequest, deps: ApiDeps): Promise<Reply>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const ok = (description: string, schema: z.core.$ZodType): Record<number, ResponseSpec> => ({
  200: { description, content: { 'application/json': schema } },
});
const noReviews: Record<number, ResponseSpec> = {
  503: { description: 'No review store is configured.', content: { 'application/json': s.errorResponse } },
};

/**
 * Largest export body served: a synchronous Lambda response carries 6 MB, JSON-encoded with its headers, so
 * the same limit holds on the local server and on AWS.
 */
export const MAX_EXPORT_BYTES = 5 * 2 ** 20;

/** A JSON reply. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

let openApiText: string | undefined;
let docsPage: string | undefined;

const pageResponses: Record<number, ResponseSpec> = {
  200: {
    description: 'The file.',
    content: { 'text/html': s.textBody, 'text/javascript': s.textBody, 'text/css': s.textBody },
  },
  503: {
    description: 'The review page is not bundled with this API.',
    content: { 'application/json': s.errorResponse },
  },
};

/** The API's routes; see {@link Route}. */
export const API_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/charters',
    operationId: 'listCharters',
    summary: 'Charters with their editions and review flag counts',
    access: 'public',
    responses: { ...ok('The charters.', s.chartersResponse), ...noReviews },
    handle: (_, deps) => listCharters(deps),
  },
  {
    method: 'GET',
    path: '/charters/{charter}/clauses/{clause}',
    operationId: 'getClause',
    summary:
      'A clause in every language; its flags and reviewers (empty without review rights) and reviewed texts',
    access: 'public',
    params: { charter: s.idParam, clause: s.idParam },
    responses: ok('The clause.', s.clauseResponse),
    handle: ({ params, reviewData }, deps) =>
      getClause(params.charter!, params.clause!, deps, reviewData !== false),
  },
  {
    method: 'GET',
    path: '/charters/{charter}/editions',
    operationId: 'listEditions',
    summary: "A charter's language editions",
    access: 'public',
    params: { charter: s.idParam },
    responses: ok('The editions (none for an unknown charter).', s.editionsResponse),
    handle: async ({ params }, deps) => {
      const editions = await deps.editions.listEditions(params.charter!);
      return json(200, {
        charter: params.charter,
        editions: editions.map((e) => ({ ...e, meanQuality: e.meanQuality ?? null })),
      });
    },
  },
  {
    method: 'GET',
    path: '/charters/{charter}/editions/{lang}',
    operationId: 'getEdition',
    summary: 'One edition and its clauses in order',
    access: 'public',
    params: { charter: s.idParam, lang: s.langParam },
    responses: ok('The edition.', s.editionResponse),
    handle: ({ params, reviewData }, deps) =>
      getEdition(params.charter!, params.lang!, deps, reviewData !== false),
  },
  {
    method: 'GET',
    path: '/charters/{charter}/export',
    operationId: 'exportCharter',
    summary: "The charter's aligned record as TMX, CSV or JSON, with its review columns",
    access: 'review-read',
    params: { charter: s.idParam },
    query: s.exportQuery,
    responses: {
      200: {
        description: 'The export, as an attachment.',
        content: {
          'application/json': s.jsonExport,
          'application/x-tmx+xml': s.textBody,
          'text/csv': s.textBody,
        },
        headers: { 'content-disposition': 'attachment; filename="<charter>.<format>"' },
      },
      413: {
        description: 'Larger than one API response carries: use `charter export`.',
        content: { 'application/json': s.errorResponse },
      },
    },
    handle: (request, deps) => exportCharter(request as RouteRequest<z.output<typeof s.exportQuery>>, deps),
  },
  {
    method: 'GET',
    path: '/reviews',
    operationId: 'listFlags',
    summary: 'The review queue, one page: severity first, then canonical clause order',
    access: 'review-read',
    query: s.queueQuery,
    responses: {
      ...ok('One page of flags; `cursor` is null on the last.', s.flagPageResponse),
      ...noReviews,
    },
    handle: async ({ query }, deps) => json(200, await needReviews(deps).queryFlags(query as FlagQuery)),
  },
  {
    method: 'GET',
    path: '/reviews/{flag}',
    operationId: 'getFlag',
    summary: 'One flag with its history',
    access: 'review-read',
    params: { flag: s.flagIdParam },
    responses: { ...ok('The flag.', s.flagResponse), ...noReviews },
    handle: async ({ params }, deps) => {
      const flag = await needReviews(deps).getFlag(params.flag!);
      if (!flag) throw new FlagNotFoundError(params.flag!);
      return json(200, { flag });
    },
  },
  {
    method: 'POST',
    path: '/reviews/{flag}',
    operationId: 'decideFlag',
    summary: 'Records a decision on a flag: accept, dismiss, correct (with the corrected text) or reopen',
    access: 'review-write',
    params: { flag: s.flagIdParam },
    body: s.decisionBody,
    responses: {
      ...ok('The flag after the decision.', s.flagResponse),
      409: {
        description: 'The flag changed since the revision the reviewer saw.',
        content: { 'application/json': s.errorResponse },
      },
      ...noReviews,
    },
    handle: async ({ params, body, reviewer }, deps) => {
      const decision = body as z.output<typeof s.decisionBody>;
      // The reviewer is the signed-in user, never the body's `by` (kept in the schema for older clients).
      if (!reviewer) {
        throw new ApiError(401, 'sign in: a decision needs a bearer token', undefined, {
          'www-authenticate': 'Bearer',
        });
      }
      const reviews = needReviews(deps);
      const flag = await decideFlag(
        params.flag!,
        { ...decision, by: reviewer },
        { reviews, clauses: recordStore(deps.editions, reviews), now: deps.now },
      );
      return json(200, { flag });
    },
  },
  {
    method: 'POST',
    path: '/charters/{charter}/editions/{lang}/promote',
    operationId: 'promoteCandidate',
    summary:
      'Makes a candidate the quality gate held back the current version, as `charter edition promote` does',
    access: 'review-write',
    params: { charter: s.idParam, lang: s.langParam },
    body: s.promotionBody,
    bodyShape: '{version?}',
    responses: {
      ...ok('The candidate is the current version.', s.promotedResponse),
      409: {
        description:
          'The version is not a candidate, or is the current one, or a newer upload was decided meanwhile.',
        content: { 'application/json': s.errorResponse },
      },
      503: {
        description: 'This API cannot promote (no blob store configured).',
        content: { 'application/json': s.errorResponse },
      },
    },
    handle: async ({ params, body, reviewer }, deps) => {
      if (!reviewer) {
        throw new ApiError(401, 'sign in: a promotion needs a bearer token', undefined, {
          'www-authenticate': 'Bearer',
        });
      }
      const { version } = body as z.output<typeof s.promotionBody>;
      return promote(params.charter!, params.lang!, version, reviewer, deps);
    },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    summary: 'This description of the API (OpenAPI 3.1)',
    access: 'public',
    responses: ok('The OpenAPI document.', s.openApiResponse),
    handle: async () => {
      openApiText ??= JSON.stringify(buildOpenApi(API_ROUTES));
      return { status: 200, headers: { 'content-type': JSON_TYPE }, body: openApiText };
    },
  },
  {
    method: 'GET',
    path: '/auth/config',
    operationId: 'getSignIn',
    summary: 'How the review page signs in: the user pool hosted UI on AWS, the local session locally',
    access: 'public',
    responses: ok('The sign-in settings.', s.signInResponse),
    handle: async (_, deps) =>
      json(200, deps.signIn?.() ?? signInSettings(), { 'cache-control': 'no-store' }),
  },
  {
    method: 'GET',
    path: '/docs',
    operationId: 'getDocs',
    summary: 'This description of the API as a page',
    access: 'public',
    responses: { 200: { description: 'The page.', content: { 'text/html': s.textBody } } },
    handle: async () => {
      docsPage ??= renderDocsPage(buildOpenApi(API_ROUTES));
      return {
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        },
        body: docsPage,
      };
    },
  },
  {
    method: 'GET',
    path: '/review',
    operationId: 'getReviewPage',
    summary: 'The review page',
    access: 'public',
    aliases: ['/review/'],
    responses: pageResponses,
    handle: (_, deps) => pageAsset('index.html', deps),
  },
  {
    method: 'GET',
    path: '/review/{file}',
    operationId: 'getReviewPageFile',
    summary: "A file of the review page (its script and style); `/review/` is the page's index",
    access: 'public',
    params: { file: s.pageFileParam },
    responses: pageResponses,
    handle: ({ params }, deps) => pageAsset(params.file!, deps),
  },
  {
    method: 'GET',
    path: '/',
    operationId: 'root',
    summary: 'Redirects to the review page',
    access: 'public',
    responses: { 302: { description: 'To /review.', headers: { location: '/review' } } },
    handle: async () => ({ status: 302, headers: { location: '/review' } }),
  },
];

async function listCharters(deps: ApiDeps): Promise<Reply> {
  const reviews = needReviews(deps);
  const charters = await Promise.all(
    (await reviews.listCharters()).map(async (charter) => {
      const [editions, flags] = await Promise.all([
        deps.editions.listEditions(charter),
        reviews.listCharterFlags(charter),
      ]);
      const counts = Object.fromEntries(
        QUEUE_STATUSES.map((status) => [status, flags.filter((f) => f.status === status).length]),
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

async function getClause(
  charter: string,
  clauseId: string,
  deps: ApiDeps,
  reviewData: boolean,
): Promise<Reply> {
  const body = await clauseBody(recordStore(deps.editions, deps.reviews), charter, clauseId, reviewData);
  if (!body) throw new ApiError(404, `no clause ${clauseId} in charter ${charter}`);
  return json(200, body);
}

async function getEdition(charter: string, lang: string, deps: ApiDeps, reviewData: boolean): Promise<Reply> {
  const edition = await deps.editions.getEdition(charter, lang);
  if (!edition) throw new ApiError(404, `no ${lang} edition of charter ${charter}`);
  const clauses = await recordStore(deps.editions, deps.reviews).listEditionClauses(charter, lang);
  return json(200, {
    edition: { ...edition, meanQuality: edition.meanQuality ?? null },
    clauses: editionClauses(clauses, reviewData),
  });
}

async function promote(
  charter: string,
  lang: string,
  version: number | undefined,
  reviewer: string,
  deps: ApiDeps,
): Promise<Reply> {
  if (!deps.promote) throw new ApiError(503, 'this API cannot promote candidates (no blob store configured)');
  try {
    const restored = await promoteCandidate(charter, lang, version, {
      ...deps.promote,
      editions: deps.editions,
      ...(deps.now && !deps.promote.now ? { now: deps.now } : {}),
    });
    return json(200, { ...restored, by: reviewer });
  } catch (error) {
    if (error instanceof StaleVersionError) {
      throw new ApiError(409, `a newer ${lang} upload of ${charter} was decided meanwhile: look again`);
    }
    if (!(error instanceof RestoreError)) throw error;
    // No such candidate (or kept version) is a 404; a version that is no candidate, or current, a 409.
    throw new ApiError(error.conflict ? 409 : 404, error.message);
  }
}

async function exportCharter(
  { params, query }: RouteRequest<z.output<typeof s.exportQuery>>,
  deps: ApiDeps,
): Promise<Reply> {
  const charter = params.charter!;
  const { format, source, bom } = query;
  const reviews = deps.reviews;
  const clauses = (await deps.clauseOrder?.(charter)) ?? undefined;
  const input = await collectExport(charter, {
    editions: recordStore(deps.editions, reviews),
    ...(reviews ? { openFlags: (c: string) => reviews.listCharterFlags(c) } : {}),
    ...(clauses ? { clauses } : {}),
  });
  if (!input) throw new ApiError(404, `charter ${charter} has no aligned edition`);
  let body: string;
  try {
    body = formatExport(format, input, { source, createdAt: deps.now?.() ?? new Date() });
  } catch (error) {
    if (error instanceof RangeError) throw new ApiError(400, error.message);
    throw error;
  }
  if (format === 'csv' && bom === 'true') body = `\uFEFF${body}`;
  const bytes = Buffer.byteLength(body);
  if (bytes > MAX_EXPORT_BYTES) {
    throw new ApiError(
      413,
      `the ${format} export of ${charter} is ${(bytes / 2 ** 20).toFixed(1)} MB, more than the ${MAX_EXPORT_BYTES / 2 ** 20} MB one API response carries: use charter export`,
    );
  }
  const { contentType, extension } = EXPORT_FORMATS[format];
  return {
    status: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${charter}.${extension}"`,
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

async function pageAsset(name: string, deps: ApiDeps): Promise<Reply> {
  const assets = await deps.reviewPage?.();
  if (!assets) throw new ApiError(503, 'the review page is not bundled with this API');
  const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
  if (!asset) throw new ApiError(404, `no review page file ${name}`);
  return {
    status: 200,
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
  if (!deps.reviews) throw new ApiError(503, 'no review store is configured for this API');
  return deps.reviews;
}
