import type { KeelApp } from '../runtime/index.ts';

/** A request a probe sends: a JSON body, or raw bytes with their own content type. */
export interface AuditRequest {
  readonly method: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly rawBody?: string;
}

export interface AuditResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** No answer within the timeout: the request hung (status 0). */
  readonly timedOut: boolean;
  readonly ms: number;
}

/** How the audit reaches the API: in-process (`inject`, no socket) or over HTTP (`--target`). */
export interface Transport {
  readonly baseUrl: string;
  send(request: AuditRequest): Promise<AuditResponse>;
}

export const requestTimeoutMs = 10_000;

function encodedBody(request: AuditRequest): { headers: Record<string, string>; payload: string | undefined } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
  if (request.rawBody !== undefined) return { headers, payload: request.rawBody };
  if (request.body === undefined) return { headers, payload: undefined };
  headers['content-type'] ??= 'application/json';
  return { headers, payload: JSON.stringify(request.body) };
}

function flatHeaders(
  headers: Readonly<Record<string, string | number | readonly string[] | undefined>>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

const timedOut = (ms: number): AuditResponse => ({ status: 0, headers: {}, body: '', timedOut: true, ms });

/** Requests through Fastify's inject: the app in this process, no port opened. */
export function injectTransport(app: KeelApp): Transport {
  return {
    baseUrl: 'http://localhost:3000',
    async send(request) {
      const { headers, payload } = encodedBody(request);
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), requestTimeoutMs);
      });
      try {
        const response = await Promise.race([
          app.inject({
            method: request.method as 'GET',
            url: request.url,
            headers,
            ...(payload === undefined ? {} : { payload }),
          }),
          timeout,
        ]);
        const ms = Math.round(performance.now() - started);
        if (response === undefined) return timedOut(ms);
        return {
          status: response.statusCode,
          headers: flatHeaders(response.headers),
          body: response.body,
          timedOut: false,
          ms,
        };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Requests over HTTP to a running instance (`keel audit --target`); redirects are not followed. */
export function httpTransport(baseUrl: string): Transport {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    async send(request) {
      const { headers, payload } = encodedBody(request);
      const started = performance.now();
      try {
        const response = await fetch(`${base}${request.url}`, {
          method: request.method,
          headers,
          redirect: 'manual',
          signal: AbortSignal.timeout(requestTimeoutMs),
          ...(payload === undefined ? {} : { body: payload }),
        });
        const body = await response.text();
        return {
          status: response.status,
          headers: flatHeaders(Object.fromEntries(response.headers.entries())),
          body,
          timedOut: false,
          ms: Math.round(performance.now() - started),
        };
      } catch (error) {
        const ms = Math.round(performance.now() - started);
        if ((error as Error).name === 'TimeoutError') return timedOut(ms);
        throw error;
      }
    },
  };
}
