import type { TraceIndex } from '../journey/trace.ts';
import type { TraceNode } from '../journey/stage.ts';

/** One requirement's chain across the artifacts: a row of the traceability matrix. */
export interface TraceRow {
  readonly requirement: TraceNode;
  readonly criteria: readonly TraceNode[];
  readonly modules: readonly TraceNode[];
  readonly operations: readonly TraceNode[];
  /** The tables its operations read or write (`x-keel-table` of their schemas). */
  readonly tables: readonly string[];
  readonly accessRules: readonly TraceNode[];
  /** Tests that cite the requirement, one of its criteria or one of its operations. */
  readonly tests: readonly TraceNode[];
  /** Criteria that at least one test cites. */
  readonly testedCriteria: readonly string[];
}

/**
 * The traceability matrix from the trace index every stage feeds (`Stage.trace`): one row per requirement operation,
 * with what verifies, owns, realises, stores, governs and tests it. A later stage's identifiers (tests) join in
 * through the same links, whatever stage defines them.
 *
 * @example
 * traceabilityMatrix(await buildTraceIndex(project, stages), new Map([['createBooking', 'bookings']]));
 */
export function traceabilityMatrix(index: TraceIndex, operationTables: ReadonlyMap<string, string>): TraceRow[] {
  const from = (id: string, kind: string): TraceNode[] =>
    (index.incoming.get(id) ?? [])
      .map((link) => index.nodes.get(link.from))
      .filter((node): node is TraceNode => node !== undefined && node.kind === kind);
  const unique = (nodes: readonly TraceNode[]) => [...new Map(nodes.map((node) => [node.id, node])).values()];
  return [...index.nodes.values()]
    .filter((node) => node.kind === 'requirement')
    .map((requirement) => {
      const criteria = from(requirement.id, 'criterion');
      const operations = from(requirement.id, 'operation');
      const testsOf = (id: string) => from(id, 'test');
      const criterionTests = criteria.map((criterion) => [criterion.id, testsOf(criterion.id)] as const);
      return {
        requirement,
        criteria,
        modules: from(requirement.id, 'module'),
        operations,
        tables: [...new Set(operations.flatMap((operation) => operationTables.get(operation.id) ?? []))],
        accessRules: unique(operations.flatMap((operation) => from(operation.id, 'access rule'))),
        tests: unique([
          ...testsOf(requirement.id),
          ...criterionTests.flatMap(([, tests]) => tests),
          ...operations.flatMap((operation) => testsOf(operation.id)),
        ]),
        testedCriteria: criterionTests.filter(([, tests]) => tests.length > 0).map(([id]) => id),
      };
    });
}
