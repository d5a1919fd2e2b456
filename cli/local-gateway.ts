/**
 * What API Gateway does in front of the api Lambda on AWS, done for the local server: the JWT authorizer
 * (a bearer token verified with the data folder's signing key names the caller of the API app's access check),
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
import { Logger } from '@aws-lambda-powertools/logger';
import { GROUPS, type Principal } from '../functions/core/auth/principal.ts';
import { checkRequestOrigin } from '../functions/core/auth/request-origin.ts';
import {
  type LocalSigningKey,
  loadOrCreateSigningKey,
  mintLocalToken,
  verifyLocalToken,
  writeLocalToken,
} from '../functions/adapters/auth/local-signing-key.ts';
import { accessSettingsFromEnvironment } from '../functions/handlers/access-guard.ts';
import {
  accessCheck,
  type ApiApp,
  type ApiDeps,
  bearerPrincipal,
  createApiApp,
} from '../functions/handlers/api.ts';

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

/** The API's stores and files, without an access check of their own (the local server brings its own). */
export type LocalApiDeps = Omit<ApiDeps, 'authorize' | 'signIn'>;

const logger = () => new Logger({ serviceName: 'charter-api' });

/** How the page signs in locally: a token from this server's session endpoint. */
const localSignIn = () => ({ mode: 'local' as const, session: '/auth/session' });

/**
 * The API app for in-process calls made by the CLI itself: they act as `principal` (the local user, who could
 * read the signing key anyway). Never serve this app on a port; {@link localGateway} is the one for the network.
 */
export function asLocalUser(deps: LocalApiDeps, principal: Principal): ApiApp {
  return createApiApp(
    {
      ...deps,
      authorize: accessCheck(() => principal, deps.access ?? accessSettingsFromEnvironment()),
      signIn: localSignIn,
    },
    logger(),
  );
}

/** Options of the local gateway. */
export interface GatewayOptions {
  /** Host names accepted besides loopback ones (the `--host` name, `CHARTER_ALLOWED_HOSTS`). */
  allowedHosts?: readonly string[];
}

/** A fetch handler for the network, which must be told the port it listens on before it answers. */
export interface LocalGateway {
  fetch(request: Request): Promise<Response>;
  listeningOn(port: number): void;
}

/**
 * The API app for a port, behind the checks API Gateway and its JWT authorizer make on AWS and the local
 * server's own: Host and Origin first, then `/auth/session` for the page, then the app, whose access check
 * takes the caller from a bearer token verified with the data folder's key (a bad token is a 401).
 */
export function localGateway(
  deps: LocalApiDeps,
  auth: LocalAuth,
  options: GatewayOptions = {},
): LocalGateway {
  const app = createApiApp(
    {
      ...deps,
      authorize: accessCheck(
        bearerPrincipal((token) => verifyLocalToken(auth.key, token)),
        deps.access ?? accessSettingsFromEnvironment(),
      ),
      signIn: localSignIn,
    },
    logger(),
  );
  let port: number | null = null;
  return {
    listeningOn(value) {
      port = value;
    },
    async fetch(request) {
      const headers = request.headers;
      const method = request.method.toUpperCase();
      if (port === null) return reply(503, { error: 'the server is starting' });
      const refused = checkRequestOrigin(
        {
          method,
          host: headers.get('host') ?? undefined,
          origin: headers.get('origin') ?? undefined,
          secFetchSite: headers.get('sec-fetch-site') ?? undefined,
        },
        { port, allowedHosts: options.allowedHosts },
      );
      if (refused) return reply(refused.status, { error: refused.error });
      if (new URL(request.url).pathname === '/auth/session' && method === 'GET') {
        const site = headers.get('sec-fetch-site');
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
      return app.fetch(request);
    },
  };
}

function reply(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      ...(status === 401 ? { 'www-authenticate': 'Bearer' } : {}),
    },
  });
}
