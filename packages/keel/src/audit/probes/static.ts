import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { glob } from 'node:fs/promises';
import { scanSecrets, skipsSecretScan } from '../../review/secret-scan.ts';
import type { Project } from '../../project/index.ts';
import type { AuditSession } from '../audit-session.ts';

const run = promisify(execFile);
const everyLine = { has: () => true };

/** The static part: secrets in the repository, dependency advisories (npm audit), dangerous settings. Returns notes. */
export async function probeStatic(session: AuditSession, project: Project): Promise<string[]> {
  const notes: string[] = [];
  if (session.wants('security/secret-in-repository')) {
    for await (const file of glob(['**/*', '**/.*'], {
      cwd: project.root,
      exclude: (name) => /^(node_modules|\.git|\.keel)$/.test(name),
    })) {
      if (skipsSecretScan(file) || /\.test\.ts$|fixtures?\//.test(file)) continue;
      let text: string;
      try {
        text = await readFile(`${project.root}/${file}`, 'utf8');
      } catch {
        continue;
      }
      if (text.length > 1_000_000 || text.includes('\u0000')) continue;
      for (const hit of scanSecrets(file, text, everyLine).filter((candidate) => candidate.kind === 'key-format')) {
        session.report({
          rule: 'security/secret-in-repository',
          operation: undefined,
          variant: `${hit.at.file}:${hit.at.line ?? 0}`,
          title: hit.message,
          request: undefined,
          response: undefined,
          location: hit.at,
        });
      }
    }
  }
  if (session.wants('security/dangerous-setting')) await dangerousSettings(session, project);
  if (session.wants('security/dependency-advisory')) notes.push(...(await npmAudit(session, project)));
  return notes;
}

const productionFile =
  /(^|\/)(\.env\.prod(uction)?|[^/]*prod(uction)?[^/]*\.(ya?ml|json|env|toml)|Dockerfile|docker-compose[^/]*\.ya?ml|fly\.toml|render\.yaml)$/i;
const debugOn =
  /\b(DEBUG|APP_DEBUG|KEEL_DEBUG|NODE_DEBUG)\s*[=:]\s*["']?(true|1|on|yes|\*)\b|\bLOG_LEVEL\s*[=:]\s*["']?(debug|trace)\b|\bNODE_ENV\s*[=:]\s*["']?development\b/i;
const corsAnyOrigin = /\borigin\s*:\s*(['"]\*['"]|true)/;
const corsCredentials = /\bcredentials\s*:\s*true\b|access-control-allow-credentials['"]?\s*[,:]\s*['"]?true/i;

/** Debug switched on in production configuration; CORS that allows every origin together with credentials. */
async function dangerousSettings(session: AuditSession, project: Project): Promise<void> {
  for await (const file of glob(['**/*', '**/.*'], {
    cwd: project.root,
    exclude: (name) => /^(node_modules|\.git|\.keel|test|fixtures)$/.test(name),
  })) {
    const production = productionFile.test(file);
    const source = /\.(ts|js|mjs)$/.test(file) && !/\.test\./.test(file);
    if (!production && !source) continue;
    let text: string;
    try {
      text = await readFile(`${project.root}/${file}`, 'utf8');
    } catch {
      continue;
    }
    const lines = text.split('\n');
    if (production) {
      const index = lines.findIndex((line) => debugOn.test(line) && !/^\s*#/.test(line));
      if (index >= 0)
        session.report({
          rule: 'security/dangerous-setting',
          operation: undefined,
          variant: `${file}:debug`,
          title: `debug is on in production configuration: ${(lines[index] as string).trim()}`,
          request: undefined,
          response: undefined,
          location: { file, line: index + 1 },
        });
    }
    if (source && corsCredentials.test(text)) {
      const index = lines.findIndex((line) => corsAnyOrigin.test(line));
      if (index >= 0)
        session.report({
          rule: 'security/dangerous-setting',
          operation: undefined,
          variant: `${file}:cors`,
          title: 'CORS allows every origin (or reflects it) together with credentials',
          request: undefined,
          response: undefined,
          location: { file, line: index + 1 },
        });
    }
  }
}

async function npmAudit(session: AuditSession, project: Project): Promise<string[]> {
  let output: string;
  try {
    const result = await run('npm', ['audit', '--json', '--omit=dev'], {
      cwd: project.root,
      timeout: 30_000,
      maxBuffer: 20 * 1024 * 1024,
    }).catch((error: unknown) => ({ stdout: (error as { stdout?: string }).stdout ?? '' }));
    output = result.stdout;
    const report = JSON.parse(output) as {
      vulnerabilities?: Record<string, { severity: string; via: unknown[]; fixAvailable?: unknown }>;
      error?: { summary?: string };
      message?: string;
    };
    if (report.vulnerabilities === undefined) {
      const reason =
        [report.error?.summary, report.message].find((text) => text !== undefined && text !== '') ?? 'no report';
      return [`npm audit did not answer (${reason.split('\n')[0] ?? ''}): dependency advisories were not checked`];
    }
    for (const [name, vulnerability] of Object.entries(report.vulnerabilities)) {
      if (vulnerability.severity !== 'high' && vulnerability.severity !== 'critical') continue;
      const advisory = vulnerability.via.find(
        (via): via is { title: string; url: string } => typeof via === 'object' && via !== null,
      );
      session.report({
        rule: 'security/dependency-advisory',
        operation: undefined,
        variant: name,
        title: `${name}: ${vulnerability.severity} advisory${advisory === undefined ? '' : ` — ${advisory.title} (${advisory.url})`}`,
        request: undefined,
        response: undefined,
        location: { file: 'package.json' },
      });
    }
    return [];
  } catch (error) {
    if (error instanceof SyntaxError)
      return ['npm audit did not answer (no lockfile or no registry): dependency advisories were not checked'];
    return [
      `npm audit did not answer (${(error as Error).message.split('\n')[0]}): dependency advisories were not checked`,
    ];
  }
}
