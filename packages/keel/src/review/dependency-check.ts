import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';
import type { Location } from '../journey/finding.ts';
import type { ReviewSeverity } from './review-finding.ts';

const run = promisify(execFile);

const dependencyFields = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
const permissive = new Set(
  [
    'MIT',
    'ISC',
    'Apache-2.0',
    'BSD-2-Clause',
    'BSD-3-Clause',
    '0BSD',
    'BlueOak-1.0.0',
    'Unlicense',
    'CC0-1.0',
    'Python-2.0',
    'Zlib',
    'MIT-0',
    'CC-BY-4.0',
  ].map((id) => id.toLowerCase()),
);
const copyleft = /\b(A?GPL|LGPL|SSPL|EUPL|OSL|CPAL|CC-BY-(NC|SA))/i;
const installScripts = ['preinstall', 'install', 'postinstall'] as const;

export interface DependencyHit {
  readonly rule:
    | 'review/dependency-licence'
    | 'review/dependency-licence-unknown'
    | 'review/dependency-install-script'
    | 'review/dependency-advisory'
    | 'review/check-unavailable';
  readonly severity: ReviewSeverity;
  readonly message: string;
  readonly at: Location;
}

export interface NewDependency {
  readonly name: string;
  readonly range: string;
  /** The package.json that declares it, relative to the project, and the line. */
  readonly at: Location;
}

type Manifest = Readonly<Record<string, unknown>>;

/** Dependencies a package.json declares at the head and did not at the base. */
export function newDependencies(file: string, headText: string, baseText: string | undefined): NewDependency[] {
  const head = parseManifest(headText);
  const base = baseText === undefined ? {} : parseManifest(baseText);
  const known = new Set(dependencyFields.flatMap((field) => Object.keys(record(base[field]))));
  const lines = headText.split('\n');
  const found: NewDependency[] = [];
  for (const field of dependencyFields) {
    for (const [name, range] of Object.entries(record(head[field]))) {
      if (known.has(name)) continue;
      const line = lines.findIndex((text) => text.includes(`"${name}"`)) + 1;
      found.push({ name, range: String(range), at: { file, ...(line > 0 ? { line } : {}) } });
    }
  }
  return found;
}

/**
 * Checks new dependencies as installed under the project: licence and install scripts from their package.json, and
 * known advisories from `npm audit --json` when `audit` is set and the registry answers (a finding says when not).
 */
export async function checkDependencies(
  projectDir: string,
  dependencies: readonly NewDependency[],
  audit: boolean,
): Promise<DependencyHit[]> {
  const hits: DependencyHit[] = [];
  for (const dependency of dependencies) {
    const manifest = await installedManifest(projectDir, dependency.name);
    if (manifest === undefined) {
      hits.push({
        rule: 'review/check-unavailable',
        severity: 'info',
        message: `${dependency.name} is not installed, so its licence and install scripts were not checked; run npm install and review again.`,
        at: dependency.at,
      });
      continue;
    }
    const licence = licenceOf(manifest);
    if (licence === undefined || /^(UNLICENSED|SEE LICENSE)/i.test(licence)) {
      hits.push({
        rule: 'review/dependency-licence-unknown',
        severity: 'medium',
        message: `${dependency.name} declares no open-source licence (${licence ?? 'none'}): its terms are unknown.`,
        at: dependency.at,
      });
    } else if (copyleft.test(licence)) {
      hits.push({
        rule: 'review/dependency-licence',
        severity: 'high',
        message: `${dependency.name} is under ${licence}, a copyleft licence that may bind this project's distribution.`,
        at: dependency.at,
      });
    } else if (!licence.split(/\s+(?:OR|AND)\s+|[()]/).some((id) => permissive.has(id.trim().toLowerCase()))) {
      hits.push({
        rule: 'review/dependency-licence-unknown',
        severity: 'low',
        message: `${dependency.name} is under ${licence}, which is not on Keel's list of permissive licences: check its terms.`,
        at: dependency.at,
      });
    }
    const scripts = record(manifest['scripts']);
    const present = installScripts.filter((name) => typeof scripts[name] === 'string');
    if (present.length > 0) {
      hits.push({
        rule: 'review/dependency-install-script',
        severity: 'medium',
        message: `${dependency.name} runs ${present.map((name) => `${name} (${String(scripts[name])})`).join(', ')} when installed.`,
        at: dependency.at,
      });
    }
  }
  if (audit && dependencies.length > 0) hits.push(...(await auditDependencies(projectDir, dependencies)));
  return hits;
}

async function installedManifest(projectDir: string, name: string): Promise<Manifest | undefined> {
  for (let dir = projectDir; ; dir = dirname(dir)) {
    const path = join(dir, 'node_modules', ...name.split(posix.sep), 'package.json');
    if (existsSync(path)) return parseManifest(await readFile(path, 'utf8'));
    if (dirname(dir) === dir) return undefined;
  }
}

function licenceOf(manifest: Manifest): string | undefined {
  const licence = manifest['license'];
  if (typeof licence === 'string') return licence;
  const typed = record(licence)['type'];
  if (typeof typed === 'string') return typed;
  const list = manifest['licenses'];
  return Array.isArray(list) && list.length > 0 ? text(record(list[0])['type']) : undefined;
}

const auditLevels: Record<string, ReviewSeverity> = {
  critical: 'blocker',
  high: 'high',
  moderate: 'medium',
  low: 'low',
  info: 'info',
};

async function auditDependencies(projectDir: string, dependencies: readonly NewDependency[]): Promise<DependencyHit[]> {
  const at = dependencies[0]?.at ?? { file: 'package.json' };
  let stdout: string;
  try {
    ({ stdout } = await run('npm', ['audit', '--json'], {
      cwd: projectDir,
      timeout: 30_000,
      maxBuffer: 64 * 1024 * 1024,
    }));
  } catch (error) {
    // npm audit exits 1 when it finds advisories; its JSON is still on stdout.
    stdout = text((error as { stdout?: unknown }).stdout) ?? '';
    if (!stdout.trim().startsWith('{')) {
      return [unavailable(at, (error as Error).message.split('\n')[0] ?? 'failed')];
    }
  }
  let report: Manifest;
  try {
    report = parseManifest(stdout);
  } catch {
    return [unavailable(at, 'its output was not JSON')];
  }
  if (report['error'] !== undefined) {
    const error = record(report['error']);
    return [unavailable(at, text(error['summary']) ?? text(error['code']) ?? 'the registry did not answer')];
  }
  const vulnerabilities = record(report['vulnerabilities']);
  const hits: DependencyHit[] = [];
  for (const dependency of dependencies) {
    const entry = record(vulnerabilities[dependency.name]);
    if (Object.keys(entry).length === 0) continue;
    const severity = auditLevels[String(entry['severity'])] ?? 'medium';
    const titles = (Array.isArray(entry['via']) ? entry['via'] : [])
      .map((via) => (typeof via === 'string' ? `through ${via}` : (text(record(via)['title']) ?? '')))
      .filter((title) => title !== '');
    hits.push({
      rule: 'review/dependency-advisory',
      severity,
      message: `${dependency.name} has known advisories (${String(entry['severity'])}): ${titles.join('; ') || 'see npm audit'}.`,
      at: dependency.at,
    });
  }
  return hits;
}

function unavailable(at: Location, reason: string): DependencyHit {
  return {
    rule: 'review/check-unavailable',
    severity: 'info',
    message: `npm audit did not run (${reason}): new dependencies were not checked for known advisories.`,
    at,
  };
}

/** A string value, else undefined (never `[object Object]`). */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseManifest(source: string): Manifest {
  const value: unknown = JSON.parse(source);
  return record(value);
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
