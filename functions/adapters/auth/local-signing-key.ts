/**
 * The local stack's token issuer: an ES256 signing key kept in the data folder (created once, readable by its
 * owner only), tokens for the local user, and their verification with `jose`. The API checks the same
 * claims as behind Cognito on AWS: `cognito:username` and `cognito:groups`.
 */
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Principal } from '../../core/auth/principal.ts';

/** The `iss` and `aud` of local tokens; a token from elsewhere is refused. */
export const LOCAL_ISSUER = 'charter-align-local';
export const LOCAL_AUDIENCE = 'charter-api';
const ALGORITHM = 'ES256';

/** A loaded key pair. */
export interface LocalSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

/** Where the key and the local user's token live inside a data folder. */
export function authPaths(dataDir: string) {
  const dir = join(dataDir, 'auth');
  return { dir, key: join(dir, 'signing-key.jwk.json'), token: join(dir, 'local-token') };
}

/**
 * The data folder's signing key, created on first use with mode 0600 (in a 0700 folder). Two processes
 * creating it at once agree: the file is created exclusively and the loser reads the winner's. A key file
 * that others can read is refused, since anyone who read it could sign tokens.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<LocalSigningKey> {
  const paths = authPaths(dataDir);
  mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  let fd: number | undefined;
  try {
    fd = openSync(paths.key, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (fd !== undefined) {
    try {
      const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
      const jwk = { ...(await exportJWK(privateKey)), alg: ALGORITHM, kid: crypto.randomUUID() };
      writeFileSync(fd, JSON.stringify(jwk));
    } finally {
      closeSync(fd);
    }
  }
  return readSigningKey(paths.key);
}

async function readSigningKey(file: string, attempts = 20): Promise<LocalSigningKey> {
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new Error(`${file} can be read by other users; remove it (a new key is made) or chmod 600 it`);
  }
  const text = readFileSync(file, 'utf8');
  // Another process created the file and is still writing the key.
  if (text === '' && attempts > 0) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    return readSigningKey(file, attempts - 1);
  }
  const jwk = JSON.parse(text) as JWK & { kid: string };
  const { d: _private, ...publicJwk } = jwk;
  return {
    kid: jwk.kid,
    privateKey: (await importJWK(jwk, ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, ALGORITHM)) as CryptoKey,
  };
}

/** A token for `principal`, valid for `ttlSeconds` (default 12 hours). */
export async function mintLocalToken(
  key: LocalSigningKey,
  principal: Principal,
  ttlSeconds = 12 * 3600,
): Promise<string> {
  return new SignJWT({
    'cognito:username': principal.username,
    'cognito:groups': principal.groups,
    token_use: 'access',
  })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(principal.username)
    .setJti(crypto.randomUUID())
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key.privateKey);
}

/** Verifies a local token (signature, ES256 only, issuer, audience, expiry); throws when it fails. */
export async function verifyLocalToken(key: LocalSigningKey, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key.publicKey, {
    algorithms: [ALGORITHM],
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
  });
  return payload;
}

/**
 * Writes the local user's token to the data folder (mode 0600) for tools such as curl; returns its path.
 */
export function writeLocalToken(dataDir: string, token: string): string {
  const { dir, token: file } = authPaths(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
