import pc from 'picocolors';
import { isKeelError, KeelError } from '../errors/index.ts';

/** Exit codes are part of Keel's interface: scripts and CI depend on them. */
export const exitCodes = { ok: 0, gateFailed: 1, badInput: 2 } as const;

/** How a command writes: colour only on a terminal, JSON when asked. */
export interface Output {
  readonly json: boolean;
  readonly color: boolean;
  /** A line of human-readable output (stdout); ignored in JSON mode. */
  line(text?: string): void;
  /** The single JSON document of a command's result (stdout); ignored in human mode. */
  result(value: unknown): void;
  /** Progress or notes for a person (stderr), never in JSON mode. */
  note(text: string): void;
  readonly style: {
    ok(text: string): string;
    bad(text: string): string;
    warn(text: string): string;
    dim(text: string): string;
    bold(text: string): string;
  };
}

export function createOutput(options: {
  json?: boolean;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const json = options.json === true;
  const color = !json && stdout.isTTY && process.env['NO_COLOR'] === undefined && process.env['CI'] !== 'true';
  const colors = pc.createColors(color);
  return {
    json,
    color,
    line(text = '') {
      if (!json) stdout.write(text + '\n');
    },
    result(value) {
      if (json) stdout.write(JSON.stringify(value, null, 2) + '\n');
    },
    note(text) {
      if (!json) stderr.write(text + '\n');
    },
    style: {
      ok: colors.green,
      bad: colors.red,
      warn: colors.yellow,
      dim: colors.dim,
      bold: colors.bold,
    },
  };
}

/** Writes an error the way every command does, and returns the exit code it deserves. */
export function reportError(error: unknown, output: Output): number {
  const keelError = isKeelError(error)
    ? error
    : new KeelError('KEEL_INTERNAL', error instanceof Error ? error.message : String(error), { cause: error });
  if (output.json) {
    process.stdout.write(JSON.stringify({ ok: false, error: keelError.toJSON() }, null, 2) + '\n');
  } else {
    const where = keelError.where();
    const lines = [
      `${output.style.bad('error')} ${output.style.bold(keelError.code)}: ${keelError.message}`,
      ...(where !== undefined && !keelError.message.includes(where) ? [`  at ${where}`] : []),
      `  ${output.style.dim('fix:')} ${keelError.fix}`,
    ];
    if (keelError.code === 'KEEL_INTERNAL' && error instanceof Error && error.stack !== undefined) {
      lines.push(output.style.dim(error.stack));
    }
    process.stderr.write(lines.join('\n') + '\n');
  }
  return keelError.code === 'KEEL_INTERNAL' ? exitCodes.gateFailed : exitCodes.badInput;
}
