import { DockerfileParser } from 'dockerfile-ast';
import type { Issue } from '../../journey/finding.ts';

/**
 * Checks a Dockerfile as a container best practice asks, with a real parser (dockerfile-ast): several stages, the last
 * one running as a non-root user, an exec-form CMD or ENTRYPOINT (so signals reach node), and a HEALTHCHECK.
 */
export function validateDockerfile(file: string, text: string): Issue[] {
  const dockerfile = DockerfileParser.parse(text);
  const instructions = dockerfile.getInstructions();
  const lineOf = (instruction: { getRange(): { start: { line: number } } } | undefined): number =>
    (instruction?.getRange().start.line ?? 0) + 1;
  const issues: Issue[] = [];
  const froms = dockerfile.getFROMs();
  if (froms.length === 0) return [{ message: 'the Dockerfile has no FROM instruction', at: { file, line: 1 } }];
  if (froms.length < 2) {
    issues.push({
      message: 'a single stage: build tools and caches end up in the runtime image',
      at: { file, line: lineOf(froms[0]) },
      fix: 'Install dependencies in a build stage and copy the result into a slim runtime stage (`COPY --from=build`).',
    });
  }
  const lastFrom = froms.at(-1);
  const finalStage = instructions.filter((instruction) => lineOf(instruction) >= lineOf(lastFrom));
  const users = finalStage.filter((instruction) => instruction.getKeyword() === 'USER');
  const user = users.at(-1)?.getArguments()[0]?.getValue().split(':')[0];
  if (user === undefined || user === 'root' || user === '0') {
    issues.push({
      message: user === undefined ? 'the runtime stage runs as root (no USER)' : `the runtime stage runs as ${user}`,
      at: { file, line: lineOf(users.at(-1) ?? lastFrom) },
      fix: 'Add `USER node` (or another unprivileged user) to the runtime stage.',
    });
  }
  const starts = finalStage.filter((instruction) => ['CMD', 'ENTRYPOINT'].includes(instruction.getKeyword()));
  if (starts.length === 0) {
    issues.push({ message: 'the runtime stage has no CMD or ENTRYPOINT', at: { file, line: lineOf(lastFrom) } });
  }
  for (const start of starts) {
    if (!/^\s*\[/.test(start.getArgumentsContent() ?? '')) {
      issues.push({
        message: `${start.getKeyword()} is in shell form: /bin/sh becomes process 1 and SIGTERM never reaches node`,
        at: { file, line: lineOf(start) },
        fix: `Write it in exec form: ${start.getKeyword()} ["node", "server.mjs"].`,
      });
    }
  }
  const healthchecks = finalStage.filter((instruction) => instruction.getKeyword() === 'HEALTHCHECK');
  if (healthchecks.length === 0) {
    issues.push({
      message: 'the runtime stage has no HEALTHCHECK',
      at: { file, line: lineOf(lastFrom) },
      fix: 'Add `HEALTHCHECK CMD ["node", "-e", "fetch(\'http://127.0.0.1:8080/healthz\')…"]`.',
    });
  }
  return issues;
}
