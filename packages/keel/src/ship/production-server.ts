import { createApp, type KeelApp } from '../runtime/index.ts';

export interface ProductionServerOptions {
  /** The project folder. */
  readonly dir: string;
  /** A PostgreSQL URL; defaults to DATABASE_URL. */
  readonly databaseUrl?: string;
  /** Defaults to PORT, else 8080. */
  readonly port?: number;
  /** Defaults to HOST, else 0.0.0.0 (a container's interface). */
  readonly host?: string;
  /** How long in-flight requests may take to finish after SIGTERM; defaults to KEEL_DRAIN_SECONDS, else 20. */
  readonly drainSeconds?: number;
  /** Apply pending migrations at start; defaults to KEEL_MIGRATE (`false` where a migration job runs first), else true. */
  readonly migrate?: boolean;
  /** Listen for SIGTERM and SIGINT (default true; tests stop the server themselves). */
  readonly handleSignals?: boolean;
  readonly log?: (line: string) => void;
}

export interface ProductionServer {
  readonly app: KeelApp;
  readonly address: string;
  /** Stops accepting, lets in-flight requests finish (at most the drain time), closes the database. */
  stop(): Promise<void>;
}

/**
 * The production entry point of a release's deploy bundle (`releases/<version>/deploy/server.mjs` calls it): serves
 * the project, and on SIGTERM stops gracefully within the drain time, so that a rolling update loses no request.
 *
 * @example
 * await startProductionServer({ dir: '/app' });
 */
export async function startProductionServer(options: ProductionServerOptions): Promise<ProductionServer> {
  const env = process.env;
  const port = options.port ?? Number(env['PORT'] ?? 8080);
  const host = options.host ?? env['HOST'] ?? '0.0.0.0';
  const drainSeconds = options.drainSeconds ?? Number(env['KEEL_DRAIN_SECONDS'] ?? 20);
  const migrate = options.migrate ?? env['KEEL_MIGRATE'] !== 'false';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const app = await createApp({
    dir: options.dir,
    mode: 'production',
    migrate,
    ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
    ...(options.log === undefined ? {} : { logger: false }),
  });
  const address = await app.listen({ port, host });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const force = setTimeout(() => {
        log(`still busy after ${drainSeconds} s; exiting`);
        process.exit(1);
      }, drainSeconds * 1000);
      force.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(force);
      }
    })();
    return stopping;
  };
  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals): void => {
      log(`${signal}: finishing requests in flight (at most ${drainSeconds} s), then stopping`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log(`error while stopping: ${String(error)}`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  log(`serving at ${address}`);
  return { app, address, stop };
}
