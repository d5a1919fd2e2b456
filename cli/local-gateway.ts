/**
 * What API Gateway does in front of the api Lambda on AWS, done for the local server: the JWT authorizer
 * (a bearer token verified with the data folder's signing key becomes `requestContext.authorizer.jwt.claims`),
 * plus the checks a server on a loopback port needs: the Host header must name this server (DNS rebinding)
 * and a request from a web page must come from this server's own origin (CSRF).
 *
 * The review page gets its token from `GET /auth/session`, which only this server's own pages can read: the
 * Host check keeps rebinding pages out, the origin check refuses other origins, and the browser's same-origin
 * policy keeps any other page from reading the answer (no CORS headers are sent). Injecting the token into the
 * page's HTML would need the same checks and would put the token into a cached document; an endpoint keeps it
 * out of the page's files and lets the page fetch a fresh one when it expires.
 */
import { userInfo } from 'node:os';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { GROUPS, type Principal } from '../functions/core/auth/principal.ts';
import { checkRequestOrigin } from '../functions/core/auth/request-origin.ts';
import {
  type LocalSigningKey,
  loadOrCreateSigningKey,
  mintLocalToken,
  verifyLocalToken,
  writeLocalToken,
} from '../functions/adapters/auth/local-signing-key.ts';
import type { ApiHandler } from './stack.ts';

/** The local user and their credentials. */
export interface LocalAuth {
  key: LocalSigningKey;
  principal: Principal;
  /** A token for the local user (12 hours), also written to `tokenFile` for tools such as curl. */
  token: string;
  tokenFile: string;
}

/** The page's session: a fresh token for the local user, valid this long. */
const PAGE_TOKEN_SECONDS = 3600;

/** The local user: `CHARTER_REVIEWER` or the login name, in the reviewers group. */
export function localUser(env: Record<string, string | undefined> = process.env): Principal {
  let name = env.CHARTER_REVIEWER?.trim();
  if (!name) {
    try {
      name = userInfo().username;
    } catch {
      name = 'local';
    }
  }
  return { username: name, groups: [GROUPS.reviewers] };
}

/** Loads (or creates, once) the data folder's signing key and mints the local user's token. */
export async function openLocalAuth(dataDir: string, principal = localUser()): Promise<LocalAuth> {
  const key = await loadOrCreateSigningKey(dataDir);
  const token = await mintLocalToken(key, principal);
  return { key, principal, token, tokenFile: writeLocalToken(dataDir, token) };
}

/**
 * Re-mints the token file every `everyMs` (default 6 hours, half the token's life), so tools reading it keep
 * working while a server runs for days. The timer does not keep the process alive.
 */
export function keepLocalTokenFresh(dataDir: string, auth: LocalAuth, everyMs = 6 * 3600_000): () => void {
  const timer = setInterval(async () => {
    auth.token = await mintLocalToken(auth.key, auth.principal);
    writeLocalToken(dataDir, auth.token);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The claims a verified token of `principal` carries, as the authorizer passes them on. */
function claimsOf(principal: Principal): Record<string, unknown> {
  return { 'cognito:username': principal.username, 'cognito:groups': principal.groups };
}

/**
 * The api handler for in-process calls made by the CLI itself: they act as the local user, who could read the
 * signing key anyway. Never serve this handler on a port; `localGateway` is the one for the network.
 */
export function asLocalUser(handler: ApiHandler, principal: Principal): ApiHandler {
  return (event) =>
    handler({
      ...event,
      requestContext: {
        ...event.requestContext,
        authorizer: { jwt: { claims: claimsOf(principal), scopes: [] } },
      } as APIGatewayProxyEventV2['requestContext'],
    });
}

/** Options of the local gateway. */
export interface GatewayOptions {
  /** Host names accepted besides loopback ones (the `--host` name, `CHARTER_ALLOWED_HOSTS`). */
  allowedHosts?: readonly string[];
}

/** A handler for the network, which must be told the port it listens on before it answers. */
export interface LocalGateway extends ApiHandler {
  listeningOn(port: number): void;
}

/** Wraps the api handler as API Gateway and its JWT authorizer would, with the local server's own checks. */
export function localGateway(
  handler: ApiHandler,
  auth: LocalAuth,
  options: GatewayOptions = {},
): LocalGateway {
  let port: number | null = null;
  const gateway = async (incoming: APIGatewayProxyEventV2) => {
    const headers = incoming.headers ?? {};
    const method = incoming.requestContext.http.method.toUpperCase();
    if (port === null) return reply(503, { error: 'the server is starting' });
    const refused = checkRequestOrigin(
      { method, host: headers.host, origin: headers.origin, secFetchSite: headers['sec-fetch-site'] },
      { port, allowedHosts: options.allowedHosts },
    );
    if (refused) return reply(refused.status, { error: refused.error });
    // Only this gateway sets verified claims.
    const { authorizer: _ignored, ...context } = incoming.requestContext as typeof incoming.requestContext & {
      authorizer?: unknown;
    };
    let event: APIGatewayProxyEventV2 = { ...incoming, requestContext: context };
    if (incoming.rawPath === '/auth/config' && method === 'GET') {
      return reply(200, { mode: 'local', session: '/auth/session' });
    }
    if (incoming.rawPath === '/auth/session' && method === 'GET') {
      const site = headers['sec-fetch-site'];
      if (site && site !== 'same-origin' && site !== 'none') {
        return reply(403, { error: 'the session token is for this server’s own pages' });
      }
      const token = await mintLocalToken(auth.key, auth.principal, PAGE_TOKEN_SECONDS);
      return reply(200, {
        token,
        username: auth.principal.username,
        groups: auth.principal.groups,
        expiresAt: new Date(Date.now() + PAGE_TOKEN_SECONDS * 1000).toISOString(),
      });
    }
    const authorization = headers.authorization;
    if (authorization !== undefined) {
      const token = /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1];
      let claims: Record<string, unknown> | null = null;
      if (token) claims = await verifyLocalToken(auth.key, token).catch(() => null);
      if (!claims)
        return reply(401, { error: 'the bearer token is not valid (expired, or not this server’s)' });
      event = {
        ...event,
        requestContext: {
          ...context,
          authorizer: { jwt: { claims, scopes: [] } },
        } as APIGatewayProxyEventV2['requestContext'],
      };
    }
    return handler(event);
  };
  return Object.assign(gateway, {
    listeningOn(value: number) {
      port = value;
    },
  });
}

function reply(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...(statusCode === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    },
    body: JSON.stringify(body),
  };
}
