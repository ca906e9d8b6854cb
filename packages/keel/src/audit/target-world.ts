import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { AccessModel } from '../access/index.ts';
import type { Contract } from '../contract/index.ts';
import { KeelError } from '../errors/index.ts';
import type { Project } from '../project/index.ts';
import type { KeelApp } from '../runtime/index.ts';
import type { TestPrincipal, TestPrincipals } from '../tests/index.ts';
import { SuiteContext } from '../tests/suite-context.ts';
import { createObjects } from './audit-world.ts';
import type { AuditSettings } from './run-audit.ts';
import { auditWorld, type AuditRun } from './run-audit.ts';
import { httpTransport } from './transport.ts';

const credentialsSchema = z.strictObject({
  tenants: z.strictObject({ a: z.string().min(1), b: z.string().min(1) }).optional(),
  principals: z
    .array(
      z.strictObject({
        role: z.string().min(1),
        tenant: z.enum(['a', 'b']).optional(),
        subject: z.string().optional(),
        scheme: z.string().optional(),
        headers: z.record(z.string(), z.string()),
      }),
    )
    .default([]),
});

/** Reads the principals a `--target` audit calls as: two tenants and credentials for roles in each. */
export async function readTargetCredentials(
  path: string | undefined,
  root: string,
  access: AccessModel | undefined,
): Promise<TestPrincipals> {
  const anonymous: TestPrincipal = {
    role: 'anonymous',
    tenantLabel: undefined,
    tenant: undefined,
    subject: undefined,
    scheme: undefined,
    headers: {},
  };
  const visitor = access?.roles.find((role) => role.kind === 'anonymous');
  const anonymousPrincipal = { ...anonymous, role: visitor?.name ?? 'anonymous' };
  if (path === undefined) return { tenants: undefined, principals: [anonymousPrincipal], unavailable: [] };
  const file = resolve(root, path);
  let parsed: z.infer<typeof credentialsSchema>;
  try {
    parsed = credentialsSchema.parse(parse(await readFile(file, 'utf8')));
  } catch (error) {
    const detail =
      error instanceof z.ZodError
        ? error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')
        : (error as Error).message;
    throw new KeelError('KEEL_AUDIT_CREDENTIALS_INVALID', `${path}: ${detail}`, { cause: error });
  }
  const jwt = access?.authentication.find((scheme) => scheme.type === 'jwt');
  const apiKey = access?.authentication.find((scheme) => scheme.type === 'api-key');
  const principals: TestPrincipal[] = [anonymousPrincipal];
  for (const entry of parsed.principals) {
    const headers = Object.fromEntries(
      Object.entries(entry.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    const scheme = entry.scheme ?? (headers['authorization'] !== undefined ? jwt?.name : apiKey?.name);
    principals.push({
      role: entry.role,
      tenantLabel: entry.tenant,
      tenant: entry.tenant === undefined ? undefined : parsed.tenants?.[entry.tenant],
      subject: entry.subject,
      scheme,
      headers,
    });
  }
  return { tenants: parsed.tenants, principals, unavailable: [] };
}

/** Audits a running instance over HTTP, as the principals of the credentials file; no scratch database, no own keys. */
export async function runTargetAudit(
  project: Project,
  contract: Contract,
  access: AccessModel | undefined,
  settings: AuditSettings,
  target: string,
  credentials: string | undefined,
): Promise<AuditRun> {
  const principals = await readTargetCredentials(credentials, project.root, access);
  const transport = httpTransport(target);
  // The planner only plans requests: it never sends through the app, which a remote target does not have.
  const planner = new SuiteContext(undefined as unknown as KeelApp, access, principals, settings.seed);
  await createObjects(planner, contract, transport, settings.seed);
  return auditWorld(
    project,
    { contract, access, principals, planner, transport, throttled: transport, inProcess: undefined },
    settings,
    target,
  );
}
