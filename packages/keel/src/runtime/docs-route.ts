import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Contract } from '../contract/index.ts';
import { singleDocument } from './openapi-document.ts';

/** Where the page loads Redoc from: Keel serves it from node_modules, so the page works offline and without a CDN. */
export const redocAssetPath = '/docs/assets/redoc.standalone.js';

/**
 * Only this origin: Redoc's script is served here; its styles are injected inline (styled-components), and its search
 * index runs in a worker it starts from a blob.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders: Readonly<Record<string, string>> = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * `/openapi.json`, the contract as one JSON document, and `/docs`, its API reference rendered by Redoc. Either is
 * left out when the contract declares an operation at the same path.
 *
 * @example
 * registerDocsRoutes(fastify, contract); // GET /docs, GET /openapi.json, GET /docs/assets/redoc.standalone.js
 */
export function registerDocsRoutes(fastify: FastifyInstance, contract: Contract): void {
  const served = new Set(contract.operations.map((operation) => operation.path));
  let documentJson: string | undefined;
  if (!served.has('/openapi.json')) {
    fastify.get('/openapi.json', (_request, reply) => {
      documentJson ??= JSON.stringify(singleDocument(contract));
      return reply
        .headers({ 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' })
        .type('application/json; charset=utf-8')
        .send(documentJson);
    });
  }
  if (served.has('/docs')) return;
  const page = docsPage(contract.title || 'API');
  fastify.get('/docs', (_request, reply) => withSecurityHeaders(reply).type('text/html; charset=utf-8').send(page));
  let script: Promise<Buffer> | undefined;
  fastify.get(redocAssetPath, async (_request, reply) => {
    script ??= redocScript();
    return withSecurityHeaders(reply)
      .header('cache-control', 'public, max-age=3600')
      .type('text/javascript; charset=utf-8')
      .send(await script);
  });
}

/**
 * Redoc's standalone bundle, except for the one thing it fetches from another host: the logo beside "API docs by
 * Redocly" (from cdn.redoc.ly) becomes an inline blank image, so the page needs no network and breaks no CSP.
 */
async function redocScript(): Promise<Buffer> {
  const source = await readFile(fileURLToPath(import.meta.resolve('redoc/bundles/redoc.standalone.js')), 'utf8');
  return Buffer.from(source.replaceAll(remoteLogo, blankLogo));
}

const remoteLogo = 'https://cdn.redoc.ly/redoc/logo-mini.svg';
const blankLogo = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/%3E";

function withSecurityHeaders(reply: FastifyReply): FastifyReply {
  return reply.headers(securityHeaders);
}

function docsPage(title: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} · API reference</title>
  </head>
  <body>
    <redoc spec-url="/openapi.json"></redoc>
    <script src="${redocAssetPath}"></script>
  </body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
