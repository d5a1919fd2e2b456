/**
 * The api Lambda: the Hono app of ./api/app.ts behind API Gateway's HTTP API (payload 2.0), through
 * hono/aws-lambda. The routes, their schemas and access live in ./api/routes.ts.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import type { EditionStore } from '../core/editions/types.ts';
import { cachedClauseOrder } from '../adapters/resources/clause-order.ts';
import { createJwtVerifier } from '../adapters/auth/jwt-verifier.ts';
import { accessCheck, lambdaPrincipal } from './api/access.ts';
import { type ApiApp, createApiApp } from './api/app.ts';
import type { ApiDeps } from './api/routes.ts';
import { accessSettingsFromEnvironment } from './access-guard.ts';
import { reviewPageFromBundle } from './review-page.ts';
import { reviewStoreFromEnvironment } from './review-store.ts';
import { refreshRequestKey } from '../core/editions/refresh-request.ts';
import type { BlobStore } from '../core/editions/types.ts';
import { keepDaysFromEnvironment } from './keep-days.ts';
import { blobStoreFromEnvironment, editionStoreFromEnvironment } from './stores.ts';

export { type ApiApp, createApiApp } from './api/app.ts';
export {
  accessCheck,
  bearerPrincipal,
  eventPrincipal,
  lambdaPrincipal,
  type PrincipalSource,
} from './api/access.ts';
export { ApiError } from './api/errors.ts';
export { buildOpenApi } from './api/openapi.ts';
export {
  API_ROUTES,
  type AccessGrant,
  type AccessRequest,
  type ApiDeps,
  type Authorize,
  MAX_EXPORT_BYTES,
  type RouteAccess,
} from './api/routes.ts';

/** The api Lambda's entry point: an HTTP API (payload 2.0) event in, a structured result out. */
export type ApiHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The API as a Lambda handler over `deps`; a bare EditionStore gives the read-only API (review routes 503).
 * The same app serves the local server (see {@link apiAppFromEnvironment}).
 */
export function createApiHandler(
  deps: ApiDeps | EditionStore,
  logger: Pick<Logger, 'error'> = new Logger({ serviceName: 'charter-api' }),
): ApiHandler {
  const lambda = handle(createApiApp(resolveDeps(deps), logger));
  return async (event) => (await lambda(asLambdaEvent(event))) as APIGatewayProxyStructuredResultV2;
}

/** Hono declares its own event types; @types/aws-lambda's payload 2.0 event is the same event. */
function asLambdaEvent(event: APIGatewayProxyEventV2): LambdaEvent {
  return event as unknown as LambdaEvent;
}

function resolveDeps(deps: ApiDeps | EditionStore): ApiDeps {
  return 'getClause' in deps ? { editions: deps } : deps;
}

let built: ApiApp | undefined;

/**
 * The API app on the stores the environment names (TABLE_NAME), built once per process or container: the
 * access table under `CHARTER_PUBLIC_READS`, the caller the user whose JWT API Gateway's authorizer verified
 * (on a public route, which has no authorizer, the bearer token verified against `CHARTER_AUTH_ISSUER`).
 */
export function apiAppFromEnvironment(env: Record<string, string | undefined> = process.env): ApiApp {
  const issuer = env.CHARTER_AUTH_ISSUER;
  const clientId = env.CHARTER_AUTH_CLIENT_ID;
  const verify = issuer && clientId ? createJwtVerifier({ issuer, audience: [clientId] }) : undefined;
  built ??= createApiApp(
    {
      ...apiDepsFromEnvironment(),
      authorize: accessCheck(lambdaPrincipal(verify), accessSettingsFromEnvironment()),
    },
    new Logger({ serviceName: 'charter-api' }),
  );
  return built;
}

/**
 * The stores and files the api Lambda serves, from the environment (TABLE_NAME); the local server builds its
 * app on the same, with its own access check (cli/local-gateway.ts).
 */
export function apiDepsFromEnvironment(): ApiDeps {
  return {
    editions: editionStoreFromEnvironment(),
    reviews: reviewStoreFromEnvironment(),
    reviewPage: reviewPageFromBundle(),
    clauseOrder: cachedClauseOrder(),
    ...(process.env.BUCKET_NAME ? { promote: promoteByRequest(blobStoreFromEnvironment()) } : {}),
  };
}

/**
 * Promotion on Lambda: the candidate's alignment report is read from the bucket, and the review flags are
 * refreshed by the ingest function (which holds the lexicons the divergence detector needs), asked by a
 * refresh request object under `requests/` that reaches it through the ingest queue. A promoted first edition's
 * request also asks it to align the earlier editions again with the new reference language.
 */
export function promoteByRequest(blobs: BlobStore): NonNullable<ApiDeps['promote']> {
  return {
    blobs,
    keepDays: keepDaysFromEnvironment(),
    afterAligned: async (edition, { firstOfLanguage }) => {
      const request = {
        charter: edition.charter,
        lang: edition.lang,
        version: edition.version,
        ...(firstOfLanguage ? { realign: true } : {}),
      };
      await blobs.put(refreshRequestKey(request), JSON.stringify(request), 'application/json');
    },
  };
}

let lambda: ReturnType<typeof handle> | undefined;

/** The Lambda entry point. */
export const handler: ApiHandler = async (event) => {
  lambda ??= handle(apiAppFromEnvironment());
  return (await lambda(asLambdaEvent(event))) as APIGatewayProxyStructuredResultV2;
};
