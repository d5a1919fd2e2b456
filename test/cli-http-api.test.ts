import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { apiEvent, apiResponse, serveApi } from '../cli/http-api.ts';

describe('apiEvent', () => {
  it('maps a request to an HTTP API payload 2.0 event', () => {
    const event = apiEvent({
      method: 'post',
      path: '/reviews/a%3Ab?status=open&lang=sv&lang=nb',
      headers: { 'Content-Type': 'application/json', Cookie: 'a=1; b=2' },
      body: Buffer.from('{"note":"å"}'),
    });
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('$default');
    expect(event.rawPath).toBe('/reviews/a%3Ab');
    expect(event.rawQueryString).toBe('status=open&lang=sv&lang=nb');
    expect(event.queryStringParameters).toEqual({ status: 'open', lang: 'sv,nb' });
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.body).toBe('{"note":"å"}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('base64-encodes a binary body and leaves an empty one out', () => {
    const binary = apiEvent({
      method: 'PUT',
      path: '/x',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from([0, 255]),
    });
    expect(binary.isBase64Encoded).toBe(true);
    expect(Buffer.from(binary.body!, 'base64')).toEqual(Buffer.from([0, 255]));
    expect(apiEvent({ path: '/x', body: Buffer.alloc(0) }).body).toBeUndefined();
    expect(apiEvent({ path: '/x' }).queryStringParameters).toBeUndefined();
  });
});

describe('apiResponse', () => {
  it('maps a structured result, decoding a base64 body', () => {
    const response = apiResponse({
      statusCode: 201,
      headers: { 'Content-Type': 'image/png' },
      body: Buffer.from([1, 2]).toString('base64'),
      isBase64Encoded: true,
      cookies: ['s=1'],
    });
    expect(response).toEqual({
      status: 201,
      headers: { 'content-type': 'image/png' },
      cookies: ['s=1'],
      body: Buffer.from([1, 2]),
    });
  });

  it('turns a bare value into a JSON 200, as API Gateway does', () => {
    const response = apiResponse({ ok: true } as unknown as APIGatewayProxyResultV2);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({ ok: true });
  });
});

describe('serveApi', () => {
  let close: (() => Promise<unknown>) | undefined;
  afterEach(async () => close?.());

  it('passes method, path, query and body to the handler and its answer back', async () => {
    const seen: APIGatewayProxyEventV2[] = [];
    const { server, url } = await serveApi(
      async (event) => {
        seen.push(event);
        return {
          statusCode: 409,
          headers: { 'content-type': 'application/json', 'x-flag': 'f1' },
          cookies: ['seen=1'],
          body: JSON.stringify({ echo: event.body }),
        };
      },
      { port: 0 },
    );
    close = () => new Promise((resolve) => server.close(resolve));
    const response = await fetch(`${url}/reviews/f1?dry=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"decision":"accept"}',
    });
    expect(response.status).toBe(409);
    expect(response.headers.get('x-flag')).toBe('f1');
    expect(response.headers.get('set-cookie')).toBe('seen=1');
    expect(await response.json()).toEqual({ echo: '{"decision":"accept"}' });
    expect(seen[0]!.requestContext.http).toMatchObject({ method: 'POST', path: '/reviews/f1' });
    expect(seen[0]!.queryStringParameters).toEqual({ dry: '1' });
  });

  it('answers a HEAD as the GET, without the body', async () => {
    const methods: string[] = [];
    const { server, url } = await serveApi(
      async (event) => {
        methods.push(event.requestContext.http.method);
        return { statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<p>page</p>' };
      },
      { port: 0 },
    );
    close = () => new Promise((resolve) => server.close(resolve));
    const response = await fetch(`${url}/review`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toBe('');
    expect(methods).toEqual(['GET']);
  });

  it('answers 500 in JSON when the handler throws', async () => {
    const { server, url } = await serveApi(
      async () => {
        throw new Error('boom');
      },
      { port: 0 },
    );
    close = () => new Promise((resolve) => server.close(resolve));
    const response = await fetch(`${url}/x`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'internal error' });
  });
});
