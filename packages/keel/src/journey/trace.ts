import { KeelError } from '../errors/index.ts';
import { closestMatches } from '../source/index.ts';
import type { Project } from '../project/index.ts';
import { createCheckContext } from './check-context.ts';
import type { Location } from './finding.ts';
import type { CheckContext, Stage, TraceNode } from './stage.ts';
import type { StageId } from './stage-id.ts';

/** Every identifier the project's artifacts define, with the links between them. */
export interface TraceIndex {
  readonly nodes: ReadonlyMap<string, TraceNode>;
  /** For each id, the links that point at it from other nodes. */
  readonly incoming: ReadonlyMap<string, readonly { readonly from: string; readonly relation: string }[]>;
}

/** One step of a chain: a related identifier, how it relates, and what relates to it in turn. */
export interface TraceStep {
  readonly relation: string;
  readonly id: string;
  readonly kind: string;
  readonly stage: StageId | null;
  readonly title: string;
  readonly at: Location | null;
  readonly next: readonly TraceStep[];
}

export interface Trace {
  readonly id: string;
  readonly kind: string;
  readonly stage: StageId;
  readonly title: string;
  readonly at: Location;
  /** What this identifier derives from (its links, followed upstream). */
  readonly upstream: readonly TraceStep[];
  /** What was built on it (links pointing at it, followed downstream). */
  readonly downstream: readonly TraceStep[];
}

/**
 * Loads every stage's model that can be read (unreadable artifacts are skipped) and indexes their identifiers; a
 * caller that loads the models for more than the index passes its context, so each is loaded once.
 */
export async function buildTraceIndex(
  project: Project,
  stages: readonly Stage[],
  context: CheckContext = createCheckContext(project),
): Promise<TraceIndex> {
  const nodes = new Map<string, TraceNode>();
  for (const stage of stages) {
    if (stage.trace === undefined) continue;
    const model = await context.model(stage);
    if (model === undefined) continue;
    for (const node of stage.trace(model)) if (!nodes.has(node.id)) nodes.set(node.id, node);
  }
  const incoming = new Map<string, { from: string; relation: string }[]>();
  for (const node of nodes.values()) {
    for (const link of node.links) {
      const list = incoming.get(link.to) ?? [];
      list.push({ from: node.id, relation: link.inverse });
      incoming.set(link.to, list);
    }
  }
  return { nodes, incoming };
}

/** The chain of one identifier through the artifacts; an unknown id is a KeelError that suggests close ones. */
export function traceId(index: TraceIndex, id: string): Trace {
  const node = index.nodes.get(id) ?? index.nodes.get(id.toUpperCase());
  if (node === undefined) {
    const suggestions = closestMatches(id, index.nodes.keys());
    throw new KeelError('KEEL_TRACE_UNKNOWN_ID', `no artifact defines ${id}`, {
      ...(suggestions.length > 0 ? { fix: `Did you mean ${suggestions.join(', ')}?` } : {}),
      extensions: { suggestions },
    });
  }
  // Beyond the first step, links between two identifiers of one kind (a module used by another module) lead away from
  // the chain being traced, so only the traced identifier's own are followed.
  const upstream = (from: TraceNode, seen: ReadonlySet<string>): TraceStep[] =>
    from.links
      .filter((link) => from === node || index.nodes.get(link.to)?.kind !== from.kind)
      .map((link) => {
        const target = index.nodes.get(link.to);
        const next = seen.has(link.to) || target === undefined ? [] : upstream(target, new Set([...seen, link.to]));
        return step(link.relation, link.to, target, next);
      });
  const downstream = (to: TraceNode, seen: ReadonlySet<string>): TraceStep[] =>
    (index.incoming.get(to.id) ?? [])
      .filter(({ from }) => to === node || index.nodes.get(from)?.kind !== to.kind)
      .map(({ from, relation }) => {
        const source = index.nodes.get(from);
        const next = seen.has(from) || source === undefined ? [] : downstream(source, new Set([...seen, from]));
        return step(relation, from, source, next);
      });
  return {
    id: node.id,
    kind: node.kind,
    stage: node.stage,
    title: node.title,
    at: node.at,
    upstream: upstream(node, new Set([node.id])),
    downstream: downstream(node, new Set([node.id])),
  };
}

function step(relation: string, id: string, node: TraceNode | undefined, next: readonly TraceStep[]): TraceStep {
  return {
    relation,
    id,
    kind: node?.kind ?? 'unknown',
    stage: node?.stage ?? null,
    title: node?.title ?? '(not defined by any artifact)',
    at: node?.at ?? null,
    next,
  };
}
