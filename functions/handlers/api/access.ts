/**
 * The API's one access check ({@link Authorize}) built from the shared access table: the route's requirement
 * under the deployment's settings (core/auth/access.ts), the caller from a {@link PrincipalSource}. On Lambda
 * the caller is the user whose JWT API Gateway's authorizer verified; on the local server, the user of a bearer
 * token verified with the data folder's key; for the CLI's in-process calls, the local user.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type AccessSettings, authorize, DEFAULT_ACCESS, requirementFor } from '../../core/auth/access.ts';
import {
  canReadReviews,
  type Claims,
  type Principal,
  principalFromClaims,
} from '../../core/auth/principal.ts';
import { requestPrincipal } from '../access-guard.ts';
import { ApiError } from './errors.ts';
import type { AccessRequest, Authorize } from './routes.ts';

/** Who makes a request, or null for nobody signed in; throws an {@link ApiError} 401 for bad credentials. */
export type PrincipalSource = (request: AccessRequest) => Promise<Principal | null> | Principal | null;

/** An access check: the route's rule from the access table, the caller from `principalOf`. */
export function accessCheck(
  principalOf: PrincipalSource,
  settings: AccessSettings = DEFAULT_ACCESS,
): Authorize {
  return async (request) => {
    const principal = await principalOf(request);
    const refusal = authorize(requirementFor(request.method, request.route, settings), principal);
    if (refusal) {
      throw new ApiError(
        refusal.status,
        refusal.error,
        undefined,
        refusal.status === 401 ? { 'www-authenticate': 'Bearer' } : {},
      );
    }
    return {
      ...(principal ? { reviewer: principal.username } : {}),
      reviewData: canReadReviews(principal) || settings.publicReads.includes('reviews'),
    };
  };
}

/** The caller on Lambda: the verified JWT claims API Gateway's authorizer put on the event. */
export const eventPrincipal: PrincipalSource = ({ event }) =>
  event ? requestPrincipal(event as APIGatewayProxyEventV2) : null;

/**
 * The caller on Lambda when routes without the authorizer should know a signed-in caller too (a public clause
 * read shows a reader its flags): the authorizer's claims when it ran, else the bearer token verified by
 * `verify` as the authorizer would (the user pool's JWKS, issuer, client id).
 */
export function lambdaPrincipal(verify?: (token: string) => Promise<Claims>): PrincipalSource {
  const bearer = verify ? bearerPrincipal(verify) : null;
  return async (request) => (await eventPrincipal(request)) ?? (bearer ? bearer(request) : null);
}

/**
 * The caller of a server that checks bearer tokens itself: the `Authorization: Bearer` token verified by
 * `verify`; no header is nobody, and a token that does not verify (expired, another key) a 401.
 */
export function bearerPrincipal(verify: (token: string) => Promise<Claims>): PrincipalSource {
  return async ({ headers }) => {
    const authorization = headers.get('authorization');
    if (authorization === null) return null;
    const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
    const claims = token ? await verify(token).catch(() => null) : null;
    const principal = principalFromClaims(claims);
    if (!principal) {
      throw new ApiError(401, 'the bearer token is not valid (expired, or not this server’s)', undefined, {
        'www-authenticate': 'Bearer',
      });
    }
    return principal;
  };
}
