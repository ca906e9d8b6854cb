import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** Helpers for the authentication tests: real keys, real signatures. Not part of Keel's API. */

export const testIssuer = 'https://issuer.test';
export const testAudience = 'keel-api';

export interface TestKeyPair {
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
  readonly publicPem: string;
}

export async function testKeyPair(alg: 'ES256' | 'RS256' | 'EdDSA'): Promise<TestKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, publicJwk: await exportJWK(publicKey), publicPem: await exportSPKI(publicKey) };
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A token signed by `pair`: subject `user-1`, the test issuer and audience, five minutes of life unless overridden. */
export async function signedToken(
  pair: TestKeyPair,
  claims: JWTPayload = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = nowSeconds();
  return new SignJWT({ sub: 'user-1', iss: testIssuer, aud: testAudience, iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ ...header, alg: (header['alg'] as string | undefined) ?? pair.alg })
    .sign(pair.privateKey);
}

/** A token put together by hand, with whatever header and signature an attacker likes. */
export function handMadeToken(header: Record<string, unknown>, payload: JWTPayload, signature = ''): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(payload)}.${signature}`;
}

export function validClaims(): JWTPayload {
  const now = nowSeconds();
  return { sub: 'user-1', iss: testIssuer, aud: testAudience, iat: now, exp: now + 300 };
}

export interface JsonServer {
  readonly url: string;
  /** How many requests it has answered. */
  requests(): number;
  close(): Promise<void>;
}

/** A real HTTP server on a free loopback port answering every GET with `body()` as JSON. */
export async function serveJson(body: () => unknown): Promise<JsonServer> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/jwks.json`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
