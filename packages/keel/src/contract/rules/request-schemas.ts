import type { Issue } from '../../journey/finding.ts';
import type { ContractOperation } from '../contract-model.ts';
import type { Located } from '../document-set.ts';

/** A schema of what a client sends: a parameter's, or the request body's for one media type. */
export interface RequestSchema {
  readonly schema: Located;
  /** How messages name it: `query parameter \`limit\``, `request body (application/json)`. */
  readonly label: string;
  readonly body: boolean;
}

export function requestSchemas(operation: ContractOperation): RequestSchema[] {
  const out: RequestSchema[] = [];
  for (const parameter of operation.parameters) {
    if (parameter.schema === undefined) continue;
    out.push({ schema: parameter.schema, label: `${parameter.in} parameter \`${parameter.name}\``, body: false });
  }
  for (const media of operation.requestBody?.content ?? []) {
    if (media.schema === undefined) continue;
    out.push({ schema: media.schema, label: `request body (${media.mediaType})`, body: true });
  }
  return out;
}

/** Findings about a schema shared by several operations are reported once, naming how many operations share it. */
export class FindingsBySchema {
  readonly #found = new Map<string, { issue: Issue; users: Set<string> }>();

  add(key: string, operation: string, issue: Issue): void {
    const entry = this.#found.get(key) ?? { issue, users: new Set<string>() };
    entry.users.add(operation);
    this.#found.set(key, entry);
  }

  issues(): Issue[] {
    return [...this.#found.values()].map(({ issue, users }) =>
      users.size > 1 ? { ...issue, message: `${issue.message} (shared by ${users.size} operations)` } : issue,
    );
  }
}
