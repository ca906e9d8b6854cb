import { sql } from 'kysely';
import type { JwtScheme } from '../../access/index.ts';
import type { Operation } from '../../contract/index.ts';
import type { TestPrincipal } from '../../tests/index.ts';
import type { AuditSession } from '../audit-session.ts';
import type { AuditRequest } from '../transport.ts';
import { attackerForgeries, decodeToken, signedForgeries, type Forgery } from './jwt-forgeries.ts';
import { plannedRequest, succeeded } from './probe-helpers.ts';

const signInLike = /sign.?in|log.?in|session|token|password|passcode|otp|verify|auth/i;

/** API2: the JWT battery against a read a token may make, tokens after logout and refresh reuse, login throttling. */
export async function probeAuthentication(session: AuditSession): Promise<void> {
  await probeTokens(session);
  await probeLoginThrottling(session);
}

interface Baseline {
  readonly operation: Operation;
  readonly principal: TestPrincipal;
  readonly request: AuditRequest;
  readonly prefix: string;
  readonly token: string;
}

/** A read that a token-holding principal may make and that answers 2xx: what every forged token is tried on. */
async function findBaseline(session: AuditSession, scheme: JwtScheme): Promise<Baseline | undefined> {
  const reads = session.world.contract.operations
    .filter((operation) => operation.method === 'get' && !session.world.planner.isPublic(operation.operationId))
    .sort((a, b) => a.path.length - b.path.length);
  for (const operation of reads) {
    const principal = session.world.planner
      .allowedPrincipals(operation, 'a')
      .find((candidate) => candidate.scheme === scheme.name && candidate.headers['authorization'] !== undefined);
    if (principal === undefined) continue;
    const { request } = plannedRequest(session, operation, { principal });
    const response = await session.send(request, { operation, principal });
    if (!succeeded(response.status)) continue;
    const [prefix = 'Bearer', token = ''] = (principal.headers['authorization'] as string).split(' ');
    return { operation, principal, request, prefix, token };
  }
  return undefined;
}

async function probeTokens(session: AuditSession): Promise<void> {
  const scheme = session.world.access?.authentication.find(
    (candidate): candidate is JwtScheme => candidate.type === 'jwt',
  );
  if (scheme === undefined) return;
  const wantsForgery = session.wants('security/forged-token-accepted');
  const wantsRevocation = session.wants('security/token-after-logout') || session.wants('security/refresh-token-reuse');
  if (!wantsForgery && !wantsRevocation) return;
  const baseline = await findBaseline(session, scheme);
  if (baseline === undefined) {
    session.notes.push('the JWT battery did not run: no read operation answered 2xx to a token principal');
    return;
  }
  const tryToken = async (
    variant: string,
    token: string,
    rule: 'security/forged-token-accepted' | 'security/token-after-logout' | 'security/refresh-token-reuse',
    title: string,
  ) => {
    const request = { ...baseline.request, headers: { authorization: `${baseline.prefix} ${token}` } };
    const response = await session.send(request, { operation: baseline.operation });
    if (succeeded(response.status))
      session.report({ rule, operation: baseline.operation, variant, title, request, response });
    return response.status;
  };
  if (wantsForgery) {
    const forgeries: Forgery[] = attackerForgeries(baseline.token, await publicKeys(session));
    const signed = await ownKeyForgeries(session, baseline.token);
    if (signed !== undefined) {
      const control = { ...baseline.request, headers: { authorization: `${baseline.prefix} ${signed.control}` } };
      if (succeeded((await session.send(control, { operation: baseline.operation })).status))
        forgeries.push(...signed.forgeries);
      else
        session.notes.push(
          'tokens re-signed with the service key were refused: expiry, nbf, iss and aud were not probed',
        );
    }
    for (const forgery of forgeries) {
      await tryToken(
        forgery.variant,
        forgery.token,
        'security/forged-token-accepted',
        `a token with ${forgery.variant} was accepted`,
      );
    }
  }
  const identity = session.world.inProcess?.identity;
  const subject = baseline.principal.subject;
  if (identity === undefined || subject === undefined) return;
  if (session.wants('security/token-after-logout')) {
    const tokens = await identity.issueTokensFor(subject);
    await identity.logout(tokens.sessionId);
    await tryToken(
      'logout',
      tokens.accessToken,
      'security/token-after-logout',
      'an access token was accepted after its session logged out',
    );
  }
  if (session.wants('security/refresh-token-reuse')) {
    const first = await identity.issueTokensFor(subject);
    const second = await identity.refresh(first.refreshToken);
    const reused = await identity.refresh(first.refreshToken).then(
      () => true,
      () => false,
    );
    if (reused) {
      session.report({
        rule: 'security/refresh-token-reuse',
        operation: undefined,
        variant: 'second use',
        title: 'a rotated refresh token was exchanged a second time',
        request: undefined,
        response: undefined,
      });
    }
    await tryToken(
      'family',
      second.accessToken,
      'security/refresh-token-reuse',
      "the session's newest access token still works after its refresh token was reused",
    );
  }
}

async function publicKeys(session: AuditSession): Promise<Record<string, unknown>[]> {
  const response = await session.send({ method: 'GET', url: '/.well-known/jwks.json' });
  if (!succeeded(response.status)) return [];
  try {
    return ((JSON.parse(response.body) as { keys?: Record<string, unknown>[] }).keys ?? []).slice(0, 2);
  } catch {
    return [];
  }
}

/** In-process: the service's own private key (Keel's managed keys), to sign tokens whose claims are wrong. */
async function ownKeyForgeries(session: AuditSession, token: string) {
  const db = session.world.inProcess?.db;
  const kid = decodeToken(token)?.header['kid'];
  if (db === undefined || typeof kid !== 'string') return undefined;
  try {
    const { rows } = await sql<{ private_jwk: Record<string, unknown> }>`
      select private_jwk from keel.signing_keys where kid = ${kid}`.execute(db);
    const jwk = rows[0]?.private_jwk;
    return jwk === undefined ? undefined : signedForgeries(token, jwk);
  } catch {
    return undefined;
  }
}

/** Public writes that look like sign-in, code or password endpoints, hit with wrong attempts until 429. */
async function probeLoginThrottling(session: AuditSession): Promise<void> {
  if (!session.wants('security/login-not-throttled') || session.world.throttled === undefined) return;
  const { planner } = session.world;
  const targets = session.world.contract.operations.filter(
    (operation) =>
      operation.method !== 'get' &&
      planner.isPublic(operation.operationId) &&
      signInLike.test(`${operation.operationId} ${operation.path}`),
  );
  for (const operation of targets) {
    const { request } = plannedRequest(session, operation, { principal: undefined, pathTenant: 'a' });
    let last;
    let throttled = false;
    for (let attempt = 0; attempt < 60; attempt += 1) {
      last = await session.send(request, { operation, throttled: true });
      if (last.status === 429) {
        throttled = true;
        if (last.headers['retry-after'] === undefined) {
          session.report({
            rule: 'security/login-not-throttled',
            operation,
            variant: 'no retry-after',
            title: '429 without a Retry-After header',
            request,
            response: last,
          });
        }
        break;
      }
    }
    if (!throttled && last !== undefined) {
      session.report({
        rule: 'security/login-not-throttled',
        operation,
        variant: 'burst',
        title: `60 attempts in a row were never answered 429 (last: ${last.status})`,
        request,
        response: last,
      });
    }
  }
}
