import type { Location } from '../journey/finding.ts';
import { joinPointer, type SourceFile } from '../source/index.ts';
import { nfrKinds, nfrMeasures, parseNfrQuantity } from './nfr-quantity.ts';
import type {
  AcceptanceCriterion,
  Actor,
  BusinessRule,
  NonFunctionalKind,
  NonFunctionalRequirement,
  NonFunctionalTarget,
  Requirements,
  RequirementOperation,
} from './requirements-model.ts';

type Pointer = readonly (string | number)[];

/**
 * Builds the model from whatever of a parsed `requirements.yaml` is well formed: an entry that is not a mapping with a
 * string `id` is left out, a field of the wrong type reads as empty. The schema check reports both, so rules need not.
 */
export function buildRequirements(source: SourceFile): Requirements | undefined {
  const root = source.value;
  if (!isRecord(root)) return undefined;
  const at = (pointer: Pointer): Location => ({ file: source.displayPath, ...source.locate(joinPointer(pointer)) });
  const service = root['service'];
  return Object.freeze({
    file: source.displayPath,
    service: Object.freeze(
      isRecord(service)
        ? { name: text(service['name']), purpose: text(service['purpose']), at: at(['service']) }
        : { name: '', purpose: '', at: at([]) },
    ),
    actors: entries(root['actors'], ['actors'], (entry, id, pointer): Actor => ({
      id,
      description: text(entry['description']),
      at: at(pointer),
    })),
    operations: entries(root['operations'], ['operations'], (entry, id, pointer) =>
      buildOperation(entry, id, pointer, at),
    ),
    rules: entries(root['rules'], ['rules'], (entry, id, pointer): BusinessRule => ({
      id,
      statement: text(entry['statement']),
      at: at(pointer),
      statementAt: at([...pointer, 'statement']),
    })),
    nonFunctional: entries(root['nonFunctional'], ['nonFunctional'], (entry, id, pointer) =>
      buildNonFunctional(entry, id, pointer, at),
    ),
    outOfScope: Object.freeze(
      list(root['outOfScope']).flatMap((item, index) =>
        typeof item === 'string' ? [Object.freeze({ text: item, at: at(['outOfScope', index]) })] : [],
      ),
    ),
  });
}

function buildOperation(
  entry: Record<string, unknown>,
  id: string,
  pointer: Pointer,
  at: (pointer: Pointer) => Location,
): RequirementOperation {
  const rules = idList(entry['rules'], [...pointer, 'rules'], at);
  return {
    id,
    actor: identifier(entry['actor']),
    summary: text(entry['summary']),
    rules: rules.ids,
    acceptance: entries(entry['acceptance'], [...pointer, 'acceptance'], (criterion, criterionId, criterionPointer) =>
      buildCriterion(criterion, criterionId, id, criterionPointer, at),
    ),
    at: at(pointer),
    actorAt: at([...pointer, 'actor']),
    rulesAt: rules.at,
  };
}

function buildCriterion(
  entry: Record<string, unknown>,
  id: string,
  operation: string,
  pointer: Pointer,
  at: (pointer: Pointer) => Location,
): AcceptanceCriterion {
  const rules = idList(entry['rules'], [...pointer, 'rules'], at);
  return {
    id,
    operation,
    given: text(entry['given']),
    when: text(entry['when']),
    then: text(entry['then']),
    rules: rules.ids,
    at: at(pointer),
    clausesAt: Object.freeze({
      given: at([...pointer, 'given']),
      when: at([...pointer, 'when']),
      then: at([...pointer, 'then']),
    }),
    rulesAt: rules.at,
  };
}

function buildNonFunctional(
  entry: Record<string, unknown>,
  id: string,
  pointer: Pointer,
  at: (pointer: Pointer) => Location,
): NonFunctionalRequirement | undefined {
  const kind = entry['kind'];
  if (!isKind(kind)) return undefined;
  const operation = entry['operation'];
  const targets: NonFunctionalTarget[] = [];
  for (const measure of nfrMeasures) {
    if (!Object.hasOwn(entry, measure)) continue;
    const raw = entry[measure];
    const parsed = parseNfrQuantity(raw, kind, measure);
    targets.push(
      Object.freeze({
        measure,
        raw,
        ...('quantity' in parsed ? { quantity: Object.freeze(parsed.quantity) } : {}),
        at: at([...pointer, measure]),
      }),
    );
  }
  return {
    id,
    kind,
    ...(typeof operation === 'string' ? { operation, operationAt: at([...pointer, 'operation']) } : {}),
    targets: Object.freeze(targets),
    at: at(pointer),
  };
}

/** The mappings of a list that have a string id, each built and frozen; anything else is left out. */
function entries<Entity extends object>(
  value: unknown,
  pointer: Pointer,
  build: (entry: Record<string, unknown>, id: string, pointer: Pointer) => Entity | undefined,
): readonly Entity[] {
  const built: Entity[] = [];
  for (const [index, entry] of list(value).entries()) {
    if (!isRecord(entry) || typeof entry['id'] !== 'string') continue;
    const entity = build(entry, entry['id'], [...pointer, index]);
    if (entity !== undefined) built.push(Object.freeze(entity));
  }
  return Object.freeze(built);
}

/** The string items of a list of ids, with where each was written. */
function idList(
  value: unknown,
  pointer: Pointer,
  at: (pointer: Pointer) => Location,
): { ids: readonly string[]; at: readonly Location[] } {
  const ids: string[] = [];
  const locations: Location[] = [];
  for (const [index, item] of list(value).entries()) {
    if (typeof item !== 'string') continue;
    ids.push(item);
    locations.push(at([...pointer, index]));
  }
  return { ids: Object.freeze(ids), at: Object.freeze(locations) };
}

function isKind(value: unknown): value is NonFunctionalKind {
  return typeof value === 'string' && Object.hasOwn(nfrKinds, value);
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Prose as written; YAML reads `when: 3` as a number, which is still the text the author meant. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function identifier(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
