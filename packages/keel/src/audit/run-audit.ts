import type { AccessModel } from '../access/index.ts';
import type { Contract } from '../contract/index.ts';
import type { Project } from '../project/index.ts';
import { compareAuditFindings, failsGate, type AuditFinding } from './audit-finding.ts';
import { AuditSession, type AuditWorld } from './audit-session.ts';
import { withScratchWorld } from './audit-world.ts';
import { probeAuthentication } from './probes/authentication.ts';
import { probeAuthorization } from './probes/authorization.ts';
import { probeExposure } from './probes/exposure.ts';
import { probeInputs } from './probes/inputs.ts';
import { probeMisconfiguration } from './probes/misconfiguration.ts';
import { probeStatic } from './probes/static.ts';

export interface AuditSettings {
  readonly seed: number;
  readonly databaseUrl: string | undefined;
  /** Re-run only these rules (`--verify`); every rule when absent. */
  readonly only?: ReadonlySet<string>;
  /** Skip the repository checks (secrets, npm audit, settings). */
  readonly skipStatic?: boolean;
}

/** Everything one audit found. */
export interface AuditRun {
  readonly target: string;
  readonly requests: number;
  readonly durationMs: number;
  readonly findings: readonly AuditFinding[];
  /** Notes on what could not be probed, and why. */
  readonly notes: readonly string[];
  readonly passed: boolean;
  /** Milliseconds per phase: starting the world, each probe family, the repository checks. */
  readonly phases: Readonly<Record<string, number>>;
}

/** The probe families, in the order they run: the destructive replays (authorization, deletes last) at the end. */
const families = [
  ['misconfiguration and inventory', probeMisconfiguration],
  ['authentication', probeAuthentication],
  ['inputs', probeInputs],
  ['data exposure', probeExposure],
  ['authorization', probeAuthorization],
] as const;

/** Runs every probe family; returns the milliseconds each took. */
export async function probeWorld(session: AuditSession): Promise<Record<string, number>> {
  const phases: Record<string, number> = {};
  for (const [name, probe] of families) {
    const started = performance.now();
    await probe(session);
    phases[name] = Math.round(performance.now() - started);
  }
  return phases;
}

/** Audits a running world (in-process or `--target`) and the repository. */
export async function auditWorld(
  project: Project,
  world: AuditWorld,
  settings: AuditSettings,
  target: string,
): Promise<AuditRun> {
  const started = performance.now();
  const session = new AuditSession(world, settings.only);
  const notes = world.principals.unavailable.map((entry) => `no principal for role ${entry.role}: ${entry.reason}`);
  const created = [...world.planner.created.keys()].map((key) => key.replace('\u0000', ' in tenant '));
  if (world.principals.tenants !== undefined) {
    notes.push(
      created.length === 0
        ? 'no object could be created through the contract: the cross-tenant object probes had nothing to replay'
        : `objects replayed across tenants: ${created.sort().join(', ')}`,
    );
  }
  const phases = await probeWorld(session);
  const staticStarted = performance.now();
  if (settings.skipStatic !== true) notes.push(...(await probeStatic(session, project)));
  phases['repository'] = Math.round(performance.now() - staticStarted);
  notes.push(...session.notes);
  const findings = [...session.findings].sort(compareAuditFindings);
  return {
    target,
    requests: session.requests,
    durationMs: Math.round(performance.now() - started),
    findings,
    notes,
    passed: !findings.some((finding) => failsGate(finding.severity)),
    phases,
  };
}

/** Starts the project on a scratch database and audits it. */
export async function runAudit(
  project: Project,
  contract: Contract,
  access: AccessModel | undefined,
  settings: AuditSettings,
): Promise<AuditRun> {
  const started = performance.now();
  let ready = 0;
  const run = await withScratchWorld(project, contract, access, settings, (world) => {
    ready = performance.now();
    return auditWorld(
      project,
      world,
      settings,
      settings.databaseUrl === undefined ? 'in-process (PGlite)' : 'in-process (PostgreSQL)',
    );
  });
  const phases = { 'scratch world': Math.round(ready - started), ...run.phases };
  return { ...run, durationMs: Math.round(performance.now() - started), phases };
}
