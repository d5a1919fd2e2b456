/**
 * Verifies a JWT as API Gateway's JWT authorizer does (signature against the issuer's JWKS, `iss`, expiry, and
 * the audience in `aud` or, for Cognito access tokens, `client_id`), with `jose`. For running the api handler
 * behind tokens of a real or test user pool anywhere but API Gateway.
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

/** What the verifier trusts. */
export interface JwtVerifierOptions {
  /** The issuer URL (`https://cognito-idp.<region>.amazonaws.com/<pool id>`); its JWKS is at `/.well-known/jwks.json`. */
  issuer: string;
  /** Accepted audiences: the app client ids. */
  audience: readonly string[];
}

/** A function that gives the verified claims of a token, or throws. */
export type JwtVerifier = (token: string) => Promise<JWTPayload>;

/** A verifier for tokens of `issuer` meant for one of `audience`. */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const keys = createRemoteJWKSet(new URL(`${options.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`));
  return async (token) => {
    const { payload } = await jwtVerify(token, keys, {
      issuer: options.issuer,
      algorithms: ['RS256', 'ES256'],
    });
    const audiences = [
      ...(Array.isArray(payload.aud) ? payload.aud : payload.aud ? [payload.aud] : []),
      ...(typeof payload.client_id === 'string' ? [payload.client_id] : []),
    ];
    if (!audiences.some((audience) => options.audience.includes(audience))) {
      throw new Error('the token is not meant for this API (aud / client_id)');
    }
    return payload;
  };
}
