import type { Contract, Located, Operation } from '../contract/index.ts';

/** An example a contract declares for a response body; `name` is its key in `examples`, none for `example`. */
export interface DeclaredExample {
  readonly name: string | undefined;
  readonly value: unknown;
}

/** Examples of one operation, by response key (`200`, `2XX`, `DEFAULT`, as the loader spells them) and media type. */
export type ResponseExamples = ReadonlyMap<string, ReadonlyMap<string, readonly DeclaredExample[]>>;

/**
 * Reads the examples the contract declares for an operation's responses (`example` and `examples` of each media
 * type, following `$ref`s to `components/examples`). Examples with only an `externalValue` are skipped.
 */
export function responseExamples(contract: Contract, operation: Operation): ResponseExamples {
  const { documents } = contract;
  const root = documents.root;
  const paths = asRecord(asRecord(root.value)['paths']);
  const item = documents.deref<unknown>({
    value: paths[operation.path],
    file: root.path,
    pointer: `/paths/${escape(operation.path)}`,
  });
  const rawOperation = child(item, operation.method);
  const responses = child(rawOperation, 'responses');
  const out = new Map<string, Map<string, DeclaredExample[]>>();
  for (const status of Object.keys(asRecord(responses.value))) {
    const response = documents.deref(child(responses, status));
    const content = child(response, 'content');
    const byType = new Map<string, DeclaredExample[]>();
    for (const mediaType of Object.keys(asRecord(content.value))) {
      const media = documents.deref(child(content, mediaType));
      const examples: DeclaredExample[] = [];
      const fields = asRecord(media.value);
      if ('example' in fields) examples.push({ name: undefined, value: fields['example'] });
      const named = child(media, 'examples');
      for (const name of Object.keys(asRecord(named.value))) {
        const example = asRecord(documents.deref(child(named, name)).value);
        if ('value' in example) examples.push({ name, value: example['value'] });
      }
      byType.set(mediaType, examples);
    }
    out.set(status.toUpperCase(), byType);
  }
  return out;
}

function child(parent: Located, key: string): Located {
  return { value: asRecord(parent.value)[key], file: parent.file, pointer: `${parent.pointer}/${escape(key)}` };
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function escape(token: string): string {
  return token.replaceAll('~', '~0').replaceAll('/', '~1');
}
