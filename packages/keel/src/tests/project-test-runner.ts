/**
 * Runs node:test files and prints one JSON line per finished test: the child process `keel test` starts, so the run
 * is never nested in another node:test run (which node:test refuses) and the project's tests cannot disturb Keel's.
 * Arguments: the project root, then the files.
 */
import { relative } from 'node:path';
import { run } from 'node:test';

const [root = '.', ...files] = process.argv.slice(2);

interface TestEvent {
  name: string;
  file?: string;
  line?: number;
  skip?: unknown;
  todo?: unknown;
  details: { type?: string; error?: unknown };
}

const stream = run({ files, cwd: root, concurrency: 2 });
const print = (data: TestEvent, outcome: 'passed' | 'failed' | 'skipped') => {
  const line = {
    name: data.name,
    file: data.file === undefined ? '' : relative(root, data.file),
    line: data.line,
    outcome,
    suite: data.details.type === 'suite',
    error: outcome === 'failed' ? firstLine(data.details.error) : undefined,
  };
  process.stdout.write(JSON.stringify(line) + '\n');
};
stream.on('test:pass', (data: TestEvent) =>
  print(data, data.skip !== undefined || data.todo !== undefined ? 'skipped' : 'passed'),
);
stream.on('test:fail', (data: TestEvent) => print(data, 'failed'));
await stream.toArray();

function firstLine(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown } | undefined)?.cause ?? error;
  const message =
    cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : JSON.stringify(cause ?? '');
  return message.split('\n')[0]?.slice(0, 300);
}
