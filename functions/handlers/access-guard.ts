/**
 * Who a request comes from and what the review page needs to sign in. The principal comes from verified JWT
 * claims only: API Gateway's JWT authorizer passes them on the event on AWS; the local server verifies the
 * bearer token itself (cli/local-gateway.ts). The rule per route comes from the shared access table
 * (core/auth/access.ts); the API app applies both in its one access check (api/access.ts).
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type AccessSettings, parseAccessSettings } from '../core/auth/access.ts';
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

/** How the review page signs in (`GET /auth/config`). */
export type SignInSettings =
  | { mode: 'cognito'; domain: string; clientId: string; scopes: string[] }
  | { mode: 'local'; session: string }
  | { mode: 'none' };

/**
 * How the page signs in on this deployment: the user pool's hosted UI (`CHARTER_AUTH_DOMAIN`,
 * `CHARTER_AUTH_CLIENT_ID`, set by the CDK stack), or `none` when no user pool is configured.
 */
export function signInSettings(env: Record<string, string | undefined> = process.env): SignInSettings {
  const domain = env.CHARTER_AUTH_DOMAIN;
  const clientId = env.CHARTER_AUTH_CLIENT_ID;
  if (!domain || !clientId) return { mode: 'none' };
  return { mode: 'cognito', domain, clientId, scopes: ['openid', 'email', 'profile'] };
}

/** The origins the review page may fetch from: itself, and the user pool's token endpoint when there is one. */
export function pageConnectSources(env: Record<string, string | undefined> = process.env): string {
  const domain = env.CHARTER_AUTH_DOMAIN;
  // An https origin, or a loopback http one (a test or local identity provider).
  const origin = /^(?:https:\/\/[a-z0-9.-]+(?::\d+)?|http:\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?)$/i;
  return domain && origin.test(domain) ? `'self' ${domain}` : "'self'";
}
