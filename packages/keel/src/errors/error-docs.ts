import { errorCodes, type ErrorDefinition } from './codes.ts';

/** The Markdown of `docs/errors.md`, generated from the registry so the two never drift. */
export function renderErrorDocs(): string {
  const entries = Object.entries(errorCodes) as [string, ErrorDefinition][];
  const http = entries.filter(([, definition]) => definition.status > 0);
  const cli = entries.filter(([, definition]) => definition.status === 0);
  const section = (rows: [string, ErrorDefinition][], withStatus: boolean): string[] =>
    rows.flatMap(([code, definition]) => [
      `### ${code}`,
      '',
      `${withStatus ? `**${definition.status}**: ` : ''}${definition.title}.`,
      '',
      `Fix: ${definition.fix}`,
      '',
    ]);
  return [
    '<!-- Generated from packages/keel/src/errors/codes.ts by `npm run docs:errors`. Do not edit. -->',
    '',
    '# Error codes',
    '',
    'Every error Keel reports has a stable code. Over HTTP it is the `code` member of an RFC 9457 problem document',
    '(`application/problem+json`), whose `type` is the code appended to `runtime.problemTypeBase`; on the command line',
    'it is printed with the message and the fix (`--json`: `error.code`). A retired code is never reused.',
    '',
    'Command exit codes: 0 success, 1 a gate or check failed, 2 bad usage or input (every error below).',
    '',
    '## Over HTTP',
    '',
    ...section(http, true),
    '## Commands and start-up',
    '',
    ...section(cli, false),
  ].join('\n');
}
