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
