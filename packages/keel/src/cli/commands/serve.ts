import { type Command, InvalidArgumentError } from 'commander';
import { createOutput, type Output } from '../output.ts';

/** `keel serve [dir] [--port N]`: serves the project's contract with its handlers until SIGTERM or SIGINT. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the project’s API: its contract, handlers and database')
    .argument('[dir]', 'the project folder', '.')
    .option('-p, --port <port>', 'port to listen on (default: PORT, else 3000)', parsePort)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--database <url>', 'PostgreSQL URL (default: DATABASE_URL, else embedded PGlite under .keel/data/)')
    .option('--in-memory', 'use an embedded database that is gone when the server stops')
    .option('--no-migrate', 'do not apply pending migrations at start-up')
    .option('--json', 'print the start-up result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel serve examples/bookings
  PORT=8080 keel serve .
  DATABASE_URL=postgres://app@db/bookings keel serve . --port 8080

The server stops gracefully on SIGTERM or SIGINT: it stops accepting connections, finishes the requests in flight and
closes the database.`,
    )
    .action(async (dir: string, options: ServeOptions) => {
      const output = createOutput({ json: options.json === true });
      await serveUntilStopped(dir, options, output);
    });
}

/**
 * Serves a project (as `keel serve` and `keel journey --serve` do), prints where, and stops gracefully on SIGTERM or
 * SIGINT. Resolves once listening.
 */
export async function serveUntilStopped(
  dir: string,
  options: ServeOptions,
  output: Output,
  describe: (address: string) => readonly string[] = () => [],
): Promise<void> {
  const port = options.port ?? parsePort(process.env['PORT'] ?? '3000');
  const { createApp } = await import('../../runtime/index.ts');
  const app = await createApp({
    dir,
    ...(options.database === undefined ? {} : { databaseUrl: options.database }),
    inMemory: options.inMemory === true,
    migrate: options.migrate,
  });
  const address = await app.listen({ port, host: options.host });
  output.result({ ok: true, url: address, database: app.database.kind, mode: app.mode });
  output.line(`${output.style.ok('serving')} ${app.contract.title || dir} at ${output.style.bold(address)}`);
  output.line(output.style.dim(`database: ${app.database.kind} · mode: ${app.mode} · health: ${address}/healthz`));
  for (const line of describe(address)) output.line(line);
  let closing = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    output.note(`${signal}: finishing requests in flight, then stopping`);
    const force = setTimeout(() => {
      output.note('still busy after 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => clearTimeout(force),
      (error: unknown) => {
        output.note(`error while stopping: ${String(error)}`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export interface ServeOptions {
  readonly port?: number;
  readonly host: string;
  readonly database?: string;
  readonly inMemory?: boolean;
  readonly migrate: boolean;
  readonly json?: boolean;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0 to 65535)`);
  }
  return port;
}
