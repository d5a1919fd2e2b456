/**
 * The API's access check on an API Gateway payload 2.0 event: the principal comes from the JWT claims the
 * authorizer verified (API Gateway's JWT authorizer on AWS, the local gateway in `cli/local-gateway.ts`), and
 * the route's rule from the shared access table. One call at the top of request handling.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type AccessSettings, authorize, parseAccessSettings, requirementFor } from '../core/auth/access.ts';
import { type Claims, type Principal, principalFromClaims } from '../core/auth/principal.ts';

/** The verified claims on the event, as API Gateway's JWT authorizer passes them. */
export function verifiedClaims(event: APIGatewayProxyEventV2): Claims | undefined {
  const authorizer = (event.requestContext as { authorizer?: { jwt?: { claims?: Claims } } }).authorizer;
  return authorizer?.jwt?.claims;
}

/** The signed-in user of the request, or null. Only verified claims count, never the body or a header. */
export function requestPrincipal(event: APIGatewayProxyEventV2): Principal | null {
  return principalFromClaims(verifiedClaims(event));
}

/** The deploy-time access settings (`CHARTER_PUBLIC_READS`: `texts` by default, `texts,reviews` or `none`). */
export function accessSettingsFromEnvironment(): AccessSettings {
  return parseAccessSettings(process.env.CHARTER_PUBLIC_READS);
}

/**
 * The hook at the top of request handling: answers `GET /auth/config` (how the review page signs in), and
 * refuses with 401 or 403 a request that may not call its route. Null: go on with the route.
 */
export function guardRequest(
  event: APIGatewayProxyEventV2,
  settings: AccessSettings,
): APIGatewayProxyStructuredResultV2 | null {
  if (event.rawPath === '/auth/config' && event.requestContext.http.method.toUpperCase() === 'GET') {
    return jsonResult(200, signInSettings());
  }
  return refuseUnauthorized(event, settings);
}

/**
 * How the page signs in on this deployment: the user pool's hosted UI (`CHARTER_AUTH_DOMAIN`,
 * `CHARTER_AUTH_CLIENT_ID`, set by the CDK stack), or `none` when no user pool is configured.
 */
export function signInSettings(env: Record<string, string | undefined> = process.env) {
  const domain = env.CHARTER_AUTH_DOMAIN;
  const clientId = env.CHARTER_AUTH_CLIENT_ID;
  if (!domain || !clientId) return { mode: 'none' as const };
  return { mode: 'cognito' as const, domain, clientId, scopes: ['openid', 'email', 'profile'] };
}

/** The origins the review page may fetch from: itself, and the user pool's token endpoint when there is one. */
export function pageConnectSources(env: Record<string, string | undefined> = process.env): string {
  const domain = env.CHARTER_AUTH_DOMAIN;
  // An https origin, or a loopback http one (a test or local identity provider).
  const origin = /^(?:https:\/\/[a-z0-9.-]+(?::\d+)?|http:\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?)$/i;
  return domain && origin.test(domain) ? `'self' ${domain}` : "'self'";
}

function jsonResult(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  };
}

/** A 401 or 403 JSON response when the request may not call its route, else null. */
export function refuseUnauthorized(
  event: APIGatewayProxyEventV2,
  settings: AccessSettings,
): APIGatewayProxyStructuredResultV2 | null {
  const refusal = authorize(
    requirementFor(event.requestContext.http.method, event.rawPath, settings),
    requestPrincipal(event),
  );
  if (!refusal) return null;
  return {
    statusCode: refusal.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(refusal.status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    },
    body: JSON.stringify({ error: refusal.error }),
  };
}
