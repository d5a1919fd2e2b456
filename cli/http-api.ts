/**
 * The HTTP API on a local port: each node:http request becomes an API Gateway HTTP API (payload 2.0) event
 * for the real api handler, and its result becomes the response, as API Gateway would map it.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import type { ApiHandler } from './stack.ts';

/** An HTTP request, as the local server or an in-process caller has it. */
export interface ApiRequest {
  method?: string;
  /** Path with an optional query string. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  sourceIp?: string;
}

const TEXT_TYPE = /^(?:text\/|application\/(?:json|x-www-form-urlencoded|xml|javascript)|[^;]*\+json)/i;

/** The API Gateway HTTP API (payload 2.0) event for `request` on the `$default` route. */
export function apiEvent(request: ApiRequest): APIGatewayProxyEventV2 {
  const method = (request.method ?? 'GET').toUpperCase();
  const url = new URL(request.path, 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  const query: Record<string, string> = {};
  // API Gateway joins repeated parameters with commas.
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const cookies = headers.cookie?.split(/;\s*/).filter(Boolean);
  const now = new Date();
  let body: string | undefined;
  let isBase64Encoded = false;
  if (request.body !== undefined && request.body.length > 0) {
    if (typeof request.body === 'string') body = request.body;
    else if (!headers['content-type'] || TEXT_TYPE.test(headers['content-type']))
      body = request.body.toString('utf8');
    else {
      body = request.body.toString('base64');
      isBase64Encoded = true;
    }
  }
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    cookies,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    body,
    isBase64Encoded,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method,
        path: url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: crypto.randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

/** An HTTP response made of a handler result. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/** The HTTP response API Gateway makes of a handler result (a bare value becomes a JSON 200). */
export function apiResponse(result: APIGatewayProxyResultV2): ApiResponse {
  if (
    typeof result === 'string' ||
    typeof result !== 'object' ||
    result === null ||
    !('statusCode' in result)
  ) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(body),
    };
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = String(value);
  const raw = result.body ?? '';
  return {
    status: result.statusCode ?? 200,
    headers,
    cookies: result.cookies ?? [],
    body: result.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw),
  };
}

/** Calls the handler in-process; parses a JSON body. */
export async function callApi(
  handler: ApiHandler,
  request: ApiRequest,
): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
  const response = apiResponse(await handler(apiEvent(request)));
  const text = response.body.toString('utf8');
  let body: unknown = text;
  if (/json/.test(response.headers['content-type'] ?? '') || /^\s*[[{]/.test(text)) {
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON after all
    }
  }
  return { status: response.status, body, headers: response.headers };
}

const MAX_BODY = 10 * 1024 * 1024;

/** Serves `handler` on `host:port` (0: a free port); resolves once listening. */
export async function serveApi(
  handler: ApiHandler,
  options: { port: number; host?: string; onRequest?: (line: string) => void },
): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, reply) => {
    const started = performance.now();
    try {
      const body = await readBody(request);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
      }
      const response = apiResponse(
        await handler(
          apiEvent({
            // A HEAD is answered as the GET without its body (curl -I), as most servers do.
            method: request.method === 'HEAD' ? 'GET' : request.method,
            path: request.url ?? '/',
            headers,
            body,
            sourceIp: request.socket.remoteAddress,
          }),
        ),
      );
      const out: Record<string, string | string[]> = { ...response.headers };
      if (response.cookies.length) out['set-cookie'] = response.cookies;
      reply.writeHead(response.status, out).end(request.method === 'HEAD' ? undefined : response.body);
      options.onRequest?.(
        `${request.method} ${request.url} -> ${response.status} (${Math.round(performance.now() - started)} ms)`,
      );
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      const message = status === 413 ? 'request body too large' : 'internal error';
      if (!reply.headersSent) {
        reply
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: message }));
      }
      options.onRequest?.(`${request.method} ${request.url} -> ${status}: ${(error as Error).message}`);
    }
  });
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

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw Object.assign(new Error('request body too large'), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
