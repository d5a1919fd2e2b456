/**
 * The API app on a local port (@hono/node-server) or called in-process: the same Hono app the api Lambda runs
 * behind API Gateway, so `charter serve` answers every route as AWS does, without an event mapping of its own.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { ApiApp } from '../functions/handlers/api.ts';

/** An HTTP request, as an in-process caller has it. */
export interface ApiRequest {
  method?: string;
  /** Path with an optional query string. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Calls the app in-process; parses a JSON body. */
export async function callApi(
  app: ApiApp,
  request: ApiRequest,
): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
  const response = await app.request(request.path, {
    method: request.method ?? 'GET',
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  let body: unknown = text;
  if (/json/.test(response.headers.get('content-type') ?? '') || /^\s*[[{]/.test(text)) {
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON after all
    }
  }
  return { status: response.status, body, headers: Object.fromEntries(response.headers) };
}

/** Anything that answers a web Request: the API app, or the local gateway in front of it. */
export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>;
}

/** Serves `app` on `host:port` (0: a free port); resolves once listening. */
export async function serveApi(
  app: FetchHandler,
  options: { port: number; host?: string; onRequest?: (line: string) => void },
): Promise<{ server: Server; url: string }> {
  const server = createAdaptorServer({
    fetch: async (request) => {
      const started = performance.now();
      const url = new URL(request.url);
      const target = `${url.pathname}${url.search}`;
      const response = await app.fetch(request);
      options.onRequest?.(
        `${request.method} ${target} -> ${response.status} (${Math.round(performance.now() - started)} ms)`,
      );
      return response;
    },
  }) as Server;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${host}:${port}` };
}
