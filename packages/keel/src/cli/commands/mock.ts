import { type Command, InvalidArgumentError } from 'commander';
import { parsePort } from './serve.ts';
import { createOutput } from '../output.ts';

interface MockOptions {
  readonly port?: number;
  readonly host: string;
  readonly dynamic?: boolean;
  readonly seed?: number;
  readonly json?: boolean;
}

/** `keel mock [dir]`: serves the project's contract from its examples, before any handler exists. */
export function registerMockCommand(program: Command): void {
  program
    .command('mock')
    .description('serve the contract with example or generated responses, before any handler exists')
    .argument('[dir]', 'the project folder, or a contract file (openapi.yaml)', '.')
    .option('-p, --port <port>', 'port to listen on (default: PORT, else 4010)', parsePort)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--dynamic', 'generate every response body from its schema instead of using the declared examples')
    .option('--seed <n>', 'make generated data reproducible: the same request gets the same data', parseSeed)
    .option('--json', 'print the start-up result as JSON')
    .addHelpText(
      'after',
      `
Requests are validated exactly as \`keel serve\` validates them (400, 404, 405 with Allow, 413, 415 as
application/problem+json). Each response is, by default, the lowest 2xx response that has an example, else data
generated from its schema. Choose another with the Prefer header (RFC 7240):
  Prefer: code=404                     the 404 response (its first example, else generated)
  Prefer: example=confirmed            the example of that name (any response; with code=, that response's)
  Prefer: dynamic=true                 data generated from the schema, for this request only
An unknown example or status is answered with 400 and the names that exist (KEEL_MOCK_UNKNOWN_EXAMPLE,
KEEL_MOCK_UNKNOWN_STATUS). The contract is also served at /openapi.json and documented at /docs.

Examples:
  keel mock examples/bookings
  keel mock openapi.yaml --dynamic --seed 42 --port 4010
  curl -H 'Prefer: code=404' http://127.0.0.1:4010/v1/orgs/8a1f0c2e-0000-4000-8000-000000000000`,
    )
    .action(async (dir: string, options: MockOptions) => {
      const output = createOutput({ json: options.json === true });
      const port = options.port ?? parsePort(process.env['PORT'] ?? '4010');
      const { createMockApp } = await import('../../mock/index.ts');
      const app = await createMockApp({
        source: dir,
        dynamic: options.dynamic === true,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
      });
      const address = await app.listen({ port, host: options.host });
      const mode = options.dynamic === true ? 'generated from schemas' : 'examples, else generated';
      output.result({
        ok: true,
        url: address,
        operations: app.contract.operations.length,
        dynamic: options.dynamic === true,
      });
      output.line(`${output.style.ok('mocking')} ${app.contract.title || dir} at ${output.style.bold(address)}`);
      output.line(
        output.style.dim(
          `${app.contract.operations.length} operations · responses: ${mode}` +
            `${options.seed === undefined ? '' : ` · seed ${options.seed}`} · reference: ${address}/docs`,
        ),
      );
      const stop = (): void => {
        app.close().catch((error: unknown) => {
          output.note(`error while stopping: ${String(error)}`);
          process.exitCode = 1;
        });
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidArgumentError(`"${value}" is not a seed (a whole number, 0 or more)`);
  }
  return seed;
}
