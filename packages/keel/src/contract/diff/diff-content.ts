import { joinPointer } from '../../source/index.ts';
import type { Located } from '../document-set.ts';
import { asNode, childAt } from './api-surface.ts';
import type { DiffContext } from './diff-context.ts';
import { diffSchemas } from './diff-schemas.ts';

type Node = Readonly<Record<string, unknown>>;

/** Compares the media types of a request body or a response, and the schema of each one present in both. */
export function diffContent(
  context: DiffContext,
  direction: 'request' | 'response',
  label: string,
  before: Located<Node>,
  after: Located<Node>,
  operations: readonly string[],
): void {
  const beforeMedia = mediaTypes(before);
  const afterMedia = mediaTypes(after);
  for (const [key, media] of beforeMedia) {
    const next = findMedia(afterMedia, key);
    if (next === undefined) {
      context.sink.add(
        `${direction}-media-type-removed`,
        `${label}: media type ${media.name} was removed`,
        media.at,
        childAt(after, 'content'),
        operations,
      );
      continue;
    }
    diffSchemas(
      { ...context, direction, rootNoun: 'body', rootLabel: `${label} (${next.name})`, rootTrail: 'body', operations },
      media.schema,
      next.schema,
    );
  }
  for (const [key, media] of afterMedia) {
    if (findMedia(beforeMedia, key) === undefined) {
      context.sink.add(
        `${direction}-media-type-added`,
        `${label}: media type ${media.name} was added`,
        childAt(before, 'content'),
        media.at,
        operations,
      );
    }
  }
}

interface Media {
  readonly name: string;
  readonly at: Located;
  readonly schema: Located;
}

/** `Application/JSON; charset=utf-8` and `application/json;charset=utf-8` are one media type. */
function mediaTypes(holder: Located<Node>): Map<string, Media> {
  const out = new Map<string, Media>();
  for (const [name, value] of Object.entries(asNode(holder.value['content']))) {
    const pointer = `${holder.pointer}${joinPointer(['content', name])}`;
    const at: Located = { value, file: holder.file, pointer };
    const schema: Located = { value: asNode(value)['schema'] ?? {}, file: holder.file, pointer: `${pointer}/schema` };
    out.set(name.toLowerCase().replace(/\s+/g, ''), { name, at, schema });
  }
  return out;
}

/** The same media type, else the only one with the same essence (`application/json; charset=utf-8` ≈ `application/json`). */
function findMedia(media: ReadonlyMap<string, Media>, key: string): Media | undefined {
  const exact = media.get(key);
  if (exact !== undefined) return exact;
  const essence = (name: string): string => name.split(';')[0] ?? name;
  const similar = [...media].filter(([other]) => essence(other) === essence(key));
  return similar.length === 1 ? similar[0]?.[1] : undefined;
}
