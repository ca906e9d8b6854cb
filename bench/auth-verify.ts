/**
 * The cost of authenticating one request, in process, warm.
 *
 *   node bench/auth-verify.ts [--batches 200] [--batch 100] [--json]
 *
 * Each figure is the median (and p95) over `--batches` batches of the microseconds per call in a batch of `--batch`
 * sequential calls, after 2,000 warm-up calls; the cases' batches take turns. Measured:
 * - `authenticate` on a bearer token, ES256 and RS256 (2048-bit), static keys, the verified-token cache off: header
 *   parsing, the pinned algorithm and key lookup, signature, claims; the cost of a token the process has not seen;
 * - the same with the cache on (the default): a client reusing its access token;
 * - `jwtVerify` alone with the same key and options: jose's own cost, so Keel's overhead is the difference;
 * - `authenticate` on an API key with an in-memory lookup: prefix and shape check, SHA-256 (the database read is not
 *   included; it is one indexed read by hash).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { createAuthenticator, newApiKey } from '../packages/keel/src/auth/index.ts';
import { signedToken, testAudience, testIssuer, testKeyPair } from '../packages/keel/src/auth/test-tokens.ts';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '200' },
    batch: { type: 'string', default: '100' },
    json: { type: 'boolean' },
  },
});
const batches = Number(values.batches);
const batchSize = Number(values.batch);

interface Figure {
  readonly name: string;
  readonly medianMicros: number;
  readonly p95Micros: number;
}

interface Case {
  readonly name: string;
  readonly call: () => Promise<unknown>;
}

/** Batches of every case are interleaved, so the machine's drift over the run weighs on all of them alike. */
async function measure(cases: readonly Case[]): Promise<Figure[]> {
  for (const { call } of cases) for (let index = 0; index < 2_000; index += 1) await call();
  const perCall = cases.map((): number[] => []);
  for (let batch = 0; batch < batches; batch += 1) {
    for (const [position, { call }] of cases.entries()) {
      const start = performance.now();
      for (let index = 0; index < batchSize; index += 1) await call();
      perCall[position]?.push(((performance.now() - start) * 1000) / batchSize);
    }
  }
  return cases.map(({ name }, position) => {
    const sorted = (perCall[position] ?? []).sort((a, b) => a - b);
    const at = (quantile: number) => sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] ?? 0;
    return { name, medianMicros: at(0.5), p95Micros: at(0.95) };
  });
}

const cases: Case[] = [];
for (const alg of ['ES256', 'RS256'] as const) {
  const pair = await testKeyPair(alg);
  const token = await signedToken(pair, { exp: Math.floor(Date.now() / 1000) + 3600 });
  const headers = { authorization: `Bearer ${token}` };
  for (const cached of [false, true]) {
    const authenticator = await createAuthenticator(
      {
        bearer: {
          type: 'jwt',
          issuer: testIssuer,
          audience: testAudience,
          algorithms: [alg],
          keys: { publicKeys: [pair.publicPem] },
        },
      },
      cached ? {} : { verifiedTokenCache: { maxEntries: 0 } },
    );
    cases.push({
      name: `authenticate ${alg}${cached ? ' (token cached)' : ''}`,
      call: async () => {
        const result = await authenticator.authenticate(headers);
        if (!result.ok) throw new Error(`${alg} token refused: ${result.reason}`);
      },
    });
  }
  const key: CryptoKey = await importSPKI(pair.publicPem, alg);
  const options = { algorithms: [alg], issuer: testIssuer, audience: testAudience, clockTolerance: 30 };
  cases.push({ name: `jwtVerify ${alg} (jose alone)`, call: () => jwtVerify(token, key, options) });
}

const issued = newApiKey('bk_');
const stored = { id: 'key-1', tenant: 'org-1', revoked: false, hash: issued.hash };
const keyAuthenticator = await createAuthenticator(
  { apiKey: { type: 'api-key', header: 'X-API-Key', prefix: 'bk_', table: 'api_keys', role: 'integration' } },
  { findApiKey: (hash) => Promise.resolve(hash === issued.hash ? stored : undefined) },
);
cases.push({
  name: 'authenticate API key (lookup in memory)',
  call: async () => {
    const result = await keyAuthenticator.authenticate({ 'x-api-key': issued.secret });
    if (!result.ok) throw new Error(`API key refused: ${result.reason}`);
  },
});
const figures = await measure(cases);

if (values.json === true) {
  console.log(JSON.stringify({ batches, batchSize, node: process.version, figures }, null, 2));
} else {
  console.log(`${batches} batches of ${batchSize} calls, Node ${process.version}; µs per call`);
  for (const figure of figures) {
    console.log(
      `${figure.name.padEnd(42)} median ${figure.medianMicros.toFixed(1).padStart(7)}   p95 ${figure.p95Micros.toFixed(1).padStart(7)}`,
    );
  }
}
