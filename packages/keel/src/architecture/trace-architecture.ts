import type { TraceLink, TraceNode } from '../journey/stage.ts';
import type { Architecture } from './architecture-model.ts';

/**
 * The identifiers the architecture defines, for `keel trace`: modules (which own requirement operations and depend on
 * other modules) and decisions (which address requirements and supersede older decisions).
 */
export function traceArchitecture(model: Architecture): TraceNode[] {
  const link = (to: string, relation: string, inverse: string): TraceLink => ({ to, relation, inverse });
  const modules = model.modules.map((module): TraceNode => ({
    id: module.name,
    kind: 'module',
    stage: 'architecture',
    title: module.purpose,
    at: module.at,
    links: [
      ...module.owns.map((owned) => link(owned.value, 'owns', 'owned by')),
      ...module.dependsOn.map((dependency) => link(dependency.value, 'depends on', 'used by')),
    ],
  }));
  const decisions = model.decisions
    .filter((decision) => decision.id !== '')
    .map((decision): TraceNode => ({
      id: decision.id,
      kind: 'decision',
      stage: 'architecture',
      title: `${decision.title}${decision.status === undefined ? '' : ` (${decision.status})`}`,
      at: decision.at,
      links: [
        ...decision.requirements.map((requirement) => link(requirement.value, 'addresses', 'addressed by')),
        ...decision.supersedes.map((older) => link(older.value, 'supersedes', 'superseded by')),
      ],
    }));
  return [...modules, ...decisions];
}
