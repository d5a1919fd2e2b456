import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from './jwt-verifier.ts';

let server: Server;
let issuer: string;
let sign: (
  claims: JWTPayload,
  options?: { issuer?: string; expires?: string | number; key?: CryptoKey },
) => Promise<string>;
let otherKey: CryptoKey;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pool-1`;
  sign = (claims, options = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(options.issuer ?? issuer)
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '1h')
      .sign(options.key ?? privateKey);
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('createJwtVerifier', () => {
  it("accepts an access token by its client_id and an ID token by its aud, as API Gateway's authorizer does", async () => {
    const verify = createJwtVerifier({ issuer, audience: ['client-a'] });
    expect((await verify(await sign({ client_id: 'client-a', username: 'ann' }))).username).toBe('ann');
    expect(
      (await verify(await sign({ aud: 'client-a', 'cognito:username': 'bob' })))['cognito:username'],
    ).toBe('bob');
  });

  it('refuses another audience, another issuer, an expired token and a token signed with another key', async () => {
    const verify = createJwtVerifier({ issuer, audience: ['client-a'] });
    await expect(verify(await sign({ client_id: 'client-b' }))).rejects.toThrow(/not meant for this API/);
    await expect(verify(await sign({ aud: 'client-a' }, { issuer: `${issuer}-other` }))).rejects.toThrow();
    const past = Math.floor(Date.now() / 1000) - 60;
    await expect(verify(await sign({ client_id: 'client-a' }, { expires: past }))).rejects.toThrow();
    await expect(verify(await sign({ client_id: 'client-a' }, { key: otherKey }))).rejects.toThrow();
  });
});
