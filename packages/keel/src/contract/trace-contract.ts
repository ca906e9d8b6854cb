import type { TraceNode } from '../journey/stage.ts';
import type { ContractModel } from './contract-model.ts';

/**
 * The operations of the contract, for `keel trace`: each realises the requirements its `x-requirements` cites and
 * belongs to the module its tags name.
 */
export function traceContract(model: ContractModel): TraceNode[] {
  return model.operations
    .filter((operation) => operation.operationId !== '')
    .map((operation) => ({
      id: operation.operationId,
      kind: 'operation',
      stage: 'contract',
      title: summaryOf(operation.source.value) ?? operation.name,
      at: operation.at,
      links: [
        ...operation.requirements.map(({ value }) => ({ to: value, relation: 'realises', inverse: 'realised by' })),
        ...operation.tags.map(({ value }) => ({ to: value, relation: 'belongs to', inverse: 'has operation' })),
      ],
    }));
}

function summaryOf(operation: Readonly<Record<string, unknown>>): string | undefined {
  const summary = operation['summary'];
  return typeof summary === 'string' && summary !== '' ? summary : undefined;
}
