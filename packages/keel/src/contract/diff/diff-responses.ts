import { joinPointer } from '../../source/index.ts';
import type { Located } from '../document-set.ts';
import { asNode, childAt, schemaOf, type SurfaceOperation } from './api-surface.ts';
import type { ContractSide } from './contract-side.ts';
import { diffContent } from './diff-content.ts';
import type { DiffContext } from './diff-context.ts';
import { diffSchemas } from './diff-schemas.ts';

type Node = Readonly<Record<string, unknown>>;

/**
 * Compares the responses of an operation: statuses (a removed one may still be covered by a `4XX` or `default`),
 * then each response's media types, schemas and headers.
 */
export function diffResponses(context: DiffContext, base: SurfaceOperation, head: SurfaceOperation): void {
  const { sink } = context;
  const operations = [head.label];
  for (const [status, before] of base.responses) {
    const after = head.responses.get(status);
    if (after !== undefined) {
      diffResponse(context, `response ${display(status)}`, before, after, operations);
      continue;
    }
    const cover = coveringStatus(status, head.responses);
    if (cover !== undefined) {
      sink.add(
        'response-status-covered-by-range',
        `response ${display(status)} was removed; ${display(cover[0])} still covers it`,
        before,
        cover[1],
        operations,
      );
      diffResponse(context, `response ${display(status)} (now ${display(cover[0])})`, before, cover[1], operations);
      continue;
    }
    const success = /^[123]/.test(status);
    sink.add(
      success ? 'response-success-status-removed' : 'response-status-removed',
      `response ${display(status)} was removed`,
      before,
      childAt(head.at, 'responses'),
      operations,
    );
  }
  for (const [status, after] of head.responses) {
    if (base.responses.has(status)) continue;
    sink.add(
      'response-status-added',
      `response ${display(status)} was added`,
      childAt(base.at, 'responses'),
      after,
      operations,
    );
    const cover = coveringStatus(status, base.responses);
    if (cover !== undefined)
      diffResponse(context, `response ${display(status)} (was ${display(cover[0])})`, cover[1], after, operations);
  }
}

function diffResponse(
  context: DiffContext,
  label: string,
  before: Located<Node>,
  after: Located<Node>,
  operations: readonly string[],
): void {
  const { sink } = context;
  diffContent(context, 'response', label, before, after, operations);
  const beforeHeaders = headers(context.base, before);
  const afterHeaders = headers(context.head, after);
  for (const [name, header] of beforeHeaders) {
    const next = afterHeaders.get(name);
    const required = header.value['required'] === true;
    if (next === undefined) {
      sink.add(
        required ? 'response-header-removed' : 'response-header-removed-optional',
        `${label}: header ${header.name} was removed`,
        header,
        childAt(after, 'headers'),
        operations,
      );
      continue;
    }
    const nowRequired = next.value['required'] === true;
    if (required && !nowRequired)
      sink.add(
        'response-header-became-optional',
        `${label}: header ${next.name} became optional`,
        childAt(header, 'required'),
        next,
        operations,
      );
    if (!required && nowRequired)
      sink.add(
        'response-header-became-required',
        `${label}: header ${next.name} became required`,
        header,
        childAt(next, 'required'),
        operations,
      );
    diffSchemas(
      {
        ...context,
        direction: 'response',
        rootNoun: 'header',
        rootLabel: `${label}: header ${next.name}`,
        rootTrail: next.name,
        operations,
      },
      schemaOf(header),
      schemaOf(next),
    );
  }
  for (const [name, header] of afterHeaders) {
    if (!beforeHeaders.has(name))
      sink.add(
        'response-header-added',
        `${label}: header ${header.name} was added`,
        childAt(before, 'headers'),
        header,
        operations,
      );
  }
}

type NamedHeader = Located<Node> & { readonly name: string };

function headers(side: ContractSide, response: Located<Node>): Map<string, NamedHeader> {
  const out = new Map<string, NamedHeader>();
  for (const [name, raw] of Object.entries(asNode(response.value['headers']))) {
    // Content-Type is described by `content`; OpenAPI says to ignore it here.
    if (name.toLowerCase() === 'content-type') continue;
    const header = side.documents.deref<Node>({
      value: asNode(raw),
      file: response.file,
      pointer: `${response.pointer}${joinPointer(['headers', name])}`,
    });
    out.set(name.toLowerCase(), { ...header, name });
  }
  return out;
}

/** The head's range (`4XX`) or `default` that answers for a status the head no longer lists. */
function coveringStatus(
  status: string,
  responses: ReadonlyMap<string, Located<Node>>,
): [string, Located<Node>] | undefined {
  const candidates = /^\d{3}$/.test(status)
    ? [`${status[0] ?? ''}XX`, 'DEFAULT']
    : status === 'DEFAULT'
      ? []
      : ['DEFAULT'];
  for (const candidate of candidates) {
    const found = responses.get(candidate);
    if (found !== undefined) return [candidate, found];
  }
  return undefined;
}

function display(status: string): string {
  return status === 'DEFAULT' ? 'default' : status;
}
