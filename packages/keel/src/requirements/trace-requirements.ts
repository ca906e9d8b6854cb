import type { TraceLink, TraceNode } from '../journey/stage.ts';
import type { NonFunctionalRequirement, Requirements } from './requirements-model.ts';

/**
 * The identifiers `requirements.yaml` defines, for `keel trace`: operations (which obey rules and are performed by an
 * actor), criteria (which verify an operation and exercise rules), rules, non-functional targets and actors.
 */
export function traceRequirements(model: Requirements): TraceNode[] {
  const nodes: TraceNode[] = [];
  const link = (to: string, relation: string, inverse: string): TraceLink => ({ to, relation, inverse });
  for (const operation of model.operations) {
    nodes.push({
      id: operation.id,
      kind: 'requirement',
      stage: 'requirements',
      title: operation.summary,
      at: operation.at,
      links: [
        ...(operation.actor === '' ? [] : [link(operation.actor, 'performed by', 'performs')]),
        ...operation.rules.map((rule) => link(rule, 'obeys', 'obeyed by')),
      ],
    });
    for (const criterion of operation.acceptance) {
      nodes.push({
        id: criterion.id,
        kind: 'criterion',
        stage: 'requirements',
        title: [
          criterion.given === '' ? '' : `Given ${criterion.given}, `,
          `when ${criterion.when}, then ${criterion.then}`,
        ].join(''),
        at: criterion.at,
        links: [
          link(operation.id, 'verifies', 'verified by'),
          ...criterion.rules.map((rule) => link(rule, 'exercises', 'exercised by')),
        ],
      });
    }
  }
  for (const rule of model.rules) {
    nodes.push({ id: rule.id, kind: 'rule', stage: 'requirements', title: rule.statement, at: rule.at, links: [] });
  }
  for (const requirement of model.nonFunctional) {
    nodes.push({
      id: requirement.id,
      kind: 'target',
      stage: 'requirements',
      title: describeTarget(requirement),
      at: requirement.at,
      links: requirement.operation === undefined ? [] : [link(requirement.operation, 'constrains', 'constrained by')],
    });
  }
  for (const actor of model.actors) {
    nodes.push({
      id: actor.id,
      kind: 'actor',
      stage: 'requirements',
      title: actor.description,
      at: actor.at,
      links: [],
    });
  }
  return nodes;
}

/** `latency: p95 150 ms, p99 400 ms`. */
function describeTarget(requirement: NonFunctionalRequirement): string {
  const measures = requirement.targets.map((target) =>
    target.quantity === undefined
      ? `${target.measure} ${JSON.stringify(target.raw)}`
      : `${target.measure} ${target.quantity.value} ${target.quantity.unit}`,
  );
  return `${requirement.kind}: ${measures.join(', ')}`;
}
