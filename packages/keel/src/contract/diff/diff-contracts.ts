import { joinPointer } from '../../source/index.ts';
import { readApiSurface, type ApiSurface, type SurfaceOperation } from './api-surface.ts';
import { changeLevels, type Change, type ChangeLevel } from './change.ts';
import { ChangeCollector, type ChangeSink } from './change-collector.ts';
import type { ContractSide } from './contract-side.ts';
import type { DiffContext } from './diff-context.ts';
import { diffOperation } from './diff-operation.ts';
import { diffSecuritySchemes } from './diff-security.ts';
import { formatSunset, readSunset } from './sunset.ts';

/** The result of comparing two contracts. */
export interface ContractDiff {
  readonly base: string;
  readonly head: string;
  /** Breaking first. */
  readonly changes: readonly Change[];
  readonly counts: Readonly<Record<ChangeLevel, number>>;
}

export interface DiffOptions {
  /** "Today", for sunset dates (tests pin it). */
  readonly now?: Date;
}

/**
 * Compares two contracts semantically: operations match by method and path template (parameter names aside),
 * parameters by location and name, schemas by meaning in the direction their data flows.
 *
 * @example
 * const base = await loadContractSide('HEAD~1:openapi.yaml', { dir: '.', defaultContract: 'openapi.yaml' });
 * const head = await loadContractSide('openapi.yaml', { dir: '.', defaultContract: 'openapi.yaml' });
 * const { changes } = diffContracts(base, head);
 */
export function diffContracts(base: ContractSide, head: ContractSide, options: DiffOptions = {}): ContractDiff {
  const sink = new ChangeCollector(base, head);
  const before = readApiSurface(base);
  const after = readApiSurface(head);
  const context: DiffContext = { base, head, sink };
  diffOperations(context, before, after, options.now ?? new Date());
  diffSecuritySchemes(before, after, sink);
  diffServers(before, after, sink);
  diffWebhooks(before, after, sink);
  const changes = sink.changes();
  const counts = Object.fromEntries(
    changeLevels.map((level) => [level, changes.filter((change) => change.level === level).length]),
  ) as Record<ChangeLevel, number>;
  return { base: base.label, head: head.label, changes, counts };
}

function diffOperations(context: DiffContext, before: ApiSurface, after: ApiSurface, now: Date): void {
  const { sink } = context;
  const removedWholePaths = new Map<string, SurfaceOperation[]>();
  for (const [key, operation] of before.operations) {
    const next = after.operations.get(key);
    if (next !== undefined) {
      diffOperation(context, operation, next);
      continue;
    }
    const sunset = readSunset(context.base.documents, operation.at, [...operation.responses.values()]);
    const parent = after.paths.get(operation.pathKey) ?? { file: after.root.file, pointer: '/paths' };
    if (operation.deprecated && sunset.date !== undefined && sunset.date <= now) {
      sink.add(
        'operation-removed-after-sunset',
        `${operation.label} was removed after its sunset (${formatSunset(sunset)})`,
        operation.at,
        parent,
        [operation.label],
      );
    } else if (operation.deprecated && sunset.date !== undefined) {
      sink.add(
        'operation-removed-before-sunset',
        `${operation.label} was removed before its sunset (${formatSunset(sunset)})`,
        operation.at,
        parent,
        [operation.label],
      );
    } else if (!after.paths.has(operation.pathKey)) {
      removedWholePaths.set(operation.path, [...(removedWholePaths.get(operation.path) ?? []), operation]);
    } else {
      sink.add(
        'operation-removed',
        `${operation.label} was removed${operation.deprecated ? ' (deprecated, but without a sunset date)' : ''}`,
        operation.at,
        parent,
        [operation.label],
      );
    }
  }
  for (const [path, operations] of removedWholePaths) {
    const first = operations[0] as SurfaceOperation;
    const at = before.paths.get(first.pathKey) ?? first.at;
    sink.add(
      'path-removed',
      `path ${path} was removed (${operations.map((operation) => operation.label.split(' ')[0]).join(', ')})`,
      at,
      { file: after.root.file, pointer: '/paths' },
      operations.map((operation) => operation.label),
    );
  }
  const addedPaths = new Set<string>();
  for (const [key, operation] of after.operations) {
    if (before.operations.has(key)) continue;
    if (!before.paths.has(operation.pathKey)) {
      if (addedPaths.has(operation.pathKey)) continue;
      addedPaths.add(operation.pathKey);
      const all = [...after.operations.values()].filter((candidate) => candidate.pathKey === operation.pathKey);
      sink.add(
        'path-added',
        `path ${operation.path} was added`,
        { file: before.root.file, pointer: '/paths' },
        after.paths.get(operation.pathKey) ?? operation.at,
        all.map((candidate) => candidate.label),
      );
      continue;
    }
    sink.add(
      'operation-added',
      `${operation.label} was added`,
      before.paths.get(operation.pathKey) ?? before.root,
      operation.at,
      [operation.label],
    );
  }
}

function diffServers(before: ApiSurface, after: ApiSurface, sink: ChangeSink): void {
  const servers = (surface: ApiSurface) => ({ file: surface.root.file, pointer: '/servers' });
  for (const [url, at] of before.servers) {
    if (!after.servers.has(url))
      sink.add(
        'server-removed',
        `server ${url} was removed: clients configured with it lose every operation`,
        at,
        servers(after),
        [],
      );
  }
  for (const [url, at] of after.servers) {
    if (!before.servers.has(url)) sink.add('server-added', `server ${url} was added`, servers(before), at, []);
  }
}

function diffWebhooks(before: ApiSurface, after: ApiSurface, sink: ChangeSink): void {
  const webhooks = (surface: ApiSurface) => ({ file: surface.root.file, pointer: joinPointer(['webhooks']) });
  for (const [name, at] of before.webhooks) {
    if (!after.webhooks.has(name)) sink.add('webhook-removed', `webhook ${name} was removed`, at, webhooks(after), []);
  }
  for (const [name, at] of after.webhooks) {
    if (!before.webhooks.has(name)) sink.add('webhook-added', `webhook ${name} was added`, webhooks(before), at, []);
  }
}
