import { type Command, InvalidArgumentError } from 'commander';
import { KeelError } from '../../errors/index.ts';
import type { Demo } from '../../runtime/demo.ts';
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
    .option(
      '--demo',
      'serve a fresh in-memory database loaded with seeds/, and print a token per keel.yaml demo principal',
    )
    .option('--json', 'print the start-up result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  keel serve examples/bookings
  keel serve examples/bookings --demo
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
  const demo = options.demo === true;
  if (demo && options.database !== undefined) {
    throw new KeelError('KEEL_USAGE', '--demo serves a fresh in-memory database, so it cannot be given --database', {
      fix: 'Drop --database to serve the demo, or drop --demo and run `keel db seed` against your database yourself.',
    });
  }
  const { createApp, startDemo } = await import('../../runtime/index.ts');
  const app = await createApp({
    dir,
    ...(options.database === undefined ? {} : { databaseUrl: options.database }),
    inMemory: options.inMemory === true || demo,
    migrate: options.migrate || demo,
    // With --json, stdout carries the one start-up document (schemas/serve.schema.json): the logs go to stderr.
    ...(options.json === true ? { logger: { level: process.env['LOG_LEVEL'] ?? 'info', stream: process.stderr } } : {}),
  });
  let started: Demo | undefined;
  try {
    started = demo ? await startDemo(app, await (await import('../../project/index.ts')).loadProject(dir)) : undefined;
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = await app.listen({ port, host: options.host });
  output.result({
    ok: true,
    url: address,
    database: app.database.kind,
    mode: app.mode,
    ...(started === undefined ? {} : { demo: started }),
  });
  output.line(`${output.style.ok('serving')} ${app.contract.title || dir} at ${output.style.bold(address)}`);
  output.line(output.style.dim(`database: ${app.database.kind} · mode: ${app.mode} · health: ${address}/healthz`));
  for (const line of describe(address)) output.line(line);
  if (started !== undefined) for (const line of demoLines(started, output)) output.line(line);
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

/** What a person needs to explore the demo: where its data came from, and a ready token per principal. */
function demoLines(demo: Demo, output: Output): string[] {
  const { style } = output;
  const lines = [
    style.dim(
      demo.seeded.length === 0
        ? 'demo: no seed files, so the database starts empty (in memory: gone when the server stops)'
        : `demo data: ${demo.seeded.join(', ')} (in memory: gone when the server stops)`,
    ),
  ];
  for (const credential of demo.credentials) {
    const hours = Math.round((credential.expiresIn / 3600) * 10) / 10;
    lines.push(`${style.bold(credential.label)} ${style.dim(`(token valid ${hours} h)`)}`);
    lines.push(`  Authorization: Bearer ${credential.accessToken}`);
  }
  return lines;
}

export interface ServeOptions {
  readonly port?: number;
  readonly host: string;
  readonly database?: string;
  readonly inMemory?: boolean;
  readonly migrate: boolean;
  /** Fresh in-memory database, seeds loaded, a token printed per demo principal of keel.yaml. */
  readonly demo?: boolean;
  readonly json?: boolean;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0 to 65535)`);
  }
  return port;
}
