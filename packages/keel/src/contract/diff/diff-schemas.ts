import { joinPointer, splitPointer } from '../../source/index.ts';
import type { Located } from '../document-set.ts';
import { structuralKeywords, type SchemaNoun } from './change-classes.ts';
import type { ChangeSink, Position } from './change-collector.ts';
import type { ContractSide } from './contract-side.ts';
import { accepts, viewSchema, type SchemaView } from './schema-view.ts';
import { formatSunset, readSunset } from './sunset.ts';
import {
  formatWidening,
  countBounds,
  type Bound,
  boundKeywords,
  numericBound,
  countBound,
  allowedValues,
  openness,
  isClosed,
  discriminatorOf,
  refName,
  stringKeyword,
  numberKeyword,
  isSchemaObject,
  formatTypes,
  canonical,
  show,
} from './schema-keywords.ts';

/** What is being compared: the schema of a request body, parameter, response body or response header. */
export interface SchemaComparison {
  readonly base: ContractSide;
  readonly head: ContractSide;
  readonly sink: ChangeSink;
  readonly direction: 'request' | 'response';
  readonly rootNoun: 'body' | 'parameter' | 'header';
  /** The root in messages: `request body (application/json)`, `query parameter limit`. */
  readonly rootLabel: string;
  /** Prefix of nested property paths when the root schema is not a named component: `body`, `limit`. */
  readonly rootTrail: string;
  readonly operations: readonly string[];
}

const nestedNoun = { body: 'property', parameter: 'parameter-property', header: 'header-property' } as const;
const nounWords: Record<SchemaNoun, string> = {
  body: 'body',
  property: 'property',
  parameter: 'parameter',
  'parameter-property': 'parameter property',
  header: 'header',
  'header-property': 'header property',
};

/**
 * Compares two versions of a schema by meaning, in the direction the data flows: a request schema may only accept
 * more, a response schema may only promise more. Follows `$ref`s, merges `allOf`, matches `oneOf`/`anyOf` branches.
 */
export function diffSchemas(comparison: SchemaComparison, base: Located, head: Located): void {
  new SchemaWalk(comparison).walk(base, head, comparison.rootTrail, false);
}

interface Node {
  readonly view: SchemaView;
  readonly side: ContractSide;
}

class SchemaWalk {
  readonly #c: SchemaComparison;
  readonly #seen = new Set<string>();

  constructor(comparison: SchemaComparison) {
    this.#c = comparison;
  }

  walk(base: Located, head: Located, trail: string, nested: boolean): void {
    const c = this.#c;
    const b = viewSchema(c.base.documents, base);
    const h = viewSchema(c.head.documents, head);
    const key = `${b.at.file}#${b.at.pointer}|${h.at.file}#${h.at.pointer}|${nested}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    const noun: SchemaNoun = nested ? nestedNoun[c.rootNoun] : c.rootNoun;
    const subject = nested ? `${c.direction} ${nounWords[noun]} ${trail}` : c.rootLabel;
    const emit: Emit = (suffix, what, baseAt, headAt) =>
      c.sink.add(`${c.direction}-${noun}-${suffix}`, `${subject} ${what}`, baseAt, headAt, c.operations);
    const at = (view: SchemaView, keyword: string): Position => ({
      file: view.keywords.get(keyword)?.at.file ?? view.at.file,
      pointer: view.keywords.get(keyword)?.at.pointer ?? view.at.pointer + joinPointer([keyword]),
    });

    if (this.#rewrapped(b, h, trail, nested, emit)) return;
    if (!this.#types(b, h, emit)) return;
    if (b.nullable !== h.nullable) {
      emit(
        h.nullable ? 'became-nullable' : 'became-not-nullable',
        h.nullable ? 'became nullable' : 'is no longer nullable',
        at(b, 'type'),
        at(h, 'type'),
      );
    }
    this.#values(b, h, emit, at);
    this.#format(b, h, emit, at);
    this.#bounds(b, h, emit);
    this.#misc(b, h, emit, at, nested);
    const childTrail = h.name ?? b.name ?? trail;
    this.#properties({ view: b, side: c.base }, { view: h, side: c.head }, childTrail);
    const baseItems = b.keywords.get('items');
    const headItems = h.keywords.get('items');
    if (
      isSchemaObject(baseItems?.value) &&
      isSchemaObject(headItems?.value) &&
      baseItems !== undefined &&
      headItems !== undefined
    ) {
      this.walk(baseItems.at, headItems.at, `${childTrail}[]`, true);
    }
    const baseExtra = b.keywords.get('additionalProperties');
    const headExtra = h.keywords.get('additionalProperties');
    if (
      isSchemaObject(baseExtra?.value) &&
      isSchemaObject(headExtra?.value) &&
      baseExtra !== undefined &&
      headExtra !== undefined
    ) {
      this.walk(baseExtra.at, headExtra.at, `${childTrail}.*`, true);
    }
    this.#alternatives(b, h, trail, nested, emit);
  }

  /** False when the types have nothing in common: the rest of the comparison would only be noise. */
  #types(b: SchemaView, h: SchemaView, emit: Emit): boolean {
    const before = b.types;
    const after = h.types;
    if (before === undefined && after === undefined) return true;
    const baseAt = { file: b.at.file, pointer: `${b.at.pointer}/type` };
    const headAt = { file: h.at.file, pointer: `${h.at.pointer}/type` };
    const what = `type changed from ${formatTypes(before)} to ${formatTypes(after)}`;
    if (after === undefined) emit('type-widened', what, baseAt, headAt);
    else if (before === undefined) emit('type-narrowed', what, baseAt, headAt);
    else {
      const widened = [...before].every((type) => accepts(after, type));
      const narrowed = [...after].every((type) => accepts(before, type));
      if (widened && narrowed) return true;
      if (widened) emit('type-widened', what, baseAt, headAt);
      else if (narrowed) emit('type-narrowed', what, baseAt, headAt);
      else {
        emit('type-changed', what, baseAt, headAt);
        return false;
      }
    }
    return true;
  }

  #values(b: SchemaView, h: SchemaView, emit: Emit, at: At): void {
    const before = allowedValues(b);
    const after = allowedValues(h);
    if (before === undefined && after === undefined) return;
    if (before === undefined && after !== undefined) {
      if (after.keyword === 'const')
        emit('const-added', `became fixed to ${show(after.values[0])}`, b.at, at(h, 'const'));
      else emit('became-enum', `became an enum (${after.values.map(show).join(', ')})`, b.at, at(h, after.keyword));
      return;
    }
    if (before !== undefined && after === undefined) {
      if (before.keyword === 'const')
        emit('const-removed', `is no longer fixed to ${show(before.values[0])}`, at(b, 'const'), h.at);
      else emit('enum-removed', 'is no longer restricted to an enum', at(b, before.keyword), h.at);
      return;
    }
    if (before === undefined || after === undefined) return;
    if (before.keyword === 'const' && after.keyword === 'const') {
      if (canonical(before.values[0]) !== canonical(after.values[0])) {
        emit(
          'const-changed',
          `const changed from ${show(before.values[0])} to ${show(after.values[0])}`,
          at(b, 'const'),
          at(h, 'const'),
        );
      }
      return;
    }
    const afterKeys = new Set(after.values.map(canonical));
    const beforeKeys = new Set(before.values.map(canonical));
    for (const value of before.values) {
      if (value !== null && !afterKeys.has(canonical(value))) {
        emit('enum-value-removed', `no longer allows ${show(value)}`, at(b, before.keyword), at(h, after.keyword));
      }
    }
    for (const value of after.values) {
      if (value === null || beforeKeys.has(canonical(value))) continue;
      // An extensible enum (x-extensible-enum) tells clients to expect new values.
      if (this.#c.direction === 'response' && after.extensible) continue;
      emit('enum-value-added', `now allows ${show(value)}`, at(b, before.keyword), at(h, after.keyword));
    }
  }

  #format(b: SchemaView, h: SchemaView, emit: Emit, at: At): void {
    const before = stringKeyword(b, 'format');
    const after = stringKeyword(h, 'format');
    if (before === after) return;
    const baseAt = at(b, 'format');
    const headAt = at(h, 'format');
    if (before === undefined) emit('format-added', `now has format ${after ?? ''}`, baseAt, headAt);
    else if (after === undefined) emit('format-removed', `no longer has format ${before}`, baseAt, headAt);
    else {
      const widening = formatWidening.get(before) === after;
      const narrowing = formatWidening.get(after) === before;
      const what = `format changed from ${before} to ${after}`;
      emit(widening ? 'format-widened' : narrowing ? 'format-narrowed' : 'format-changed', what, baseAt, headAt);
    }
  }

  #bounds(b: SchemaView, h: SchemaView, emit: Emit): void {
    for (const kind of ['lower', 'upper'] as const) {
      const before = numericBound(b, kind);
      const after = numericBound(h, kind);
      if (before === undefined && after === undefined) continue;
      const stem =
        (after ?? before)?.exclusive === true
          ? `exclusive-${kind === 'lower' ? 'min' : 'max'}`
          : kind === 'lower'
            ? 'min'
            : 'max';
      reportBound(emit, stem, kind, before, after, b, h);
    }
    for (const [keyword, stem, kind] of countBounds) {
      reportBound(emit, stem, kind, countBound(b, keyword), countBound(h, keyword), b, h);
    }
  }

  #misc(b: SchemaView, h: SchemaView, emit: Emit, at: At, nested: boolean): void {
    const c = this.#c;
    const beforeMultiple = numberKeyword(b, 'multipleOf');
    const afterMultiple = numberKeyword(h, 'multipleOf');
    if (beforeMultiple !== afterMultiple) {
      const baseAt = at(b, 'multipleOf');
      const headAt = at(h, 'multipleOf');
      if (beforeMultiple === undefined)
        emit('multiple-of-set', `must now be a multiple of ${afterMultiple ?? 0}`, baseAt, headAt);
      else if (afterMultiple === undefined)
        emit('multiple-of-unset', `is no longer a multiple of ${beforeMultiple}`, baseAt, headAt);
      else {
        const looser =
          c.direction === 'request' ? beforeMultiple % afterMultiple === 0 : afterMultiple % beforeMultiple === 0;
        if (!looser)
          emit('multiple-of-changed', `multipleOf changed from ${beforeMultiple} to ${afterMultiple}`, baseAt, headAt);
      }
    }
    const beforePattern = stringKeyword(b, 'pattern');
    const afterPattern = stringKeyword(h, 'pattern');
    if (beforePattern !== afterPattern) {
      const baseAt = at(b, 'pattern');
      const headAt = at(h, 'pattern');
      if (beforePattern === undefined) emit('pattern-added', `must now match ${afterPattern ?? ''}`, baseAt, headAt);
      else if (afterPattern === undefined)
        emit('pattern-removed', `no longer has to match ${beforePattern}`, baseAt, headAt);
      else emit('pattern-changed', `pattern changed from ${beforePattern} to ${afterPattern}`, baseAt, headAt);
    }
    const beforeUnique = b.keywords.get('uniqueItems')?.value === true;
    const afterUnique = h.keywords.get('uniqueItems')?.value === true;
    if (beforeUnique !== afterUnique) {
      emit(
        afterUnique ? 'unique-items-added' : 'unique-items-removed',
        afterUnique ? 'items must now be unique' : 'items may now repeat',
        at(b, 'uniqueItems'),
        at(h, 'uniqueItems'),
      );
    }
    const beforeOpen = openness(b);
    const afterOpen = openness(h);
    if (beforeOpen !== afterOpen) {
      const tighter = afterOpen < beforeOpen;
      const what = tighter
        ? 'restricts undeclared properties (additionalProperties)'
        : 'now allows undeclared properties (additionalProperties)';
      emit(
        tighter ? 'additional-properties-forbidden' : 'additional-properties-allowed',
        what,
        at(b, 'additionalProperties'),
        at(h, 'additionalProperties'),
      );
    }
    for (const [keyword, stem] of Object.entries(structuralKeywords)) {
      const before = b.keywords.get(keyword);
      const after = h.keywords.get(keyword);
      if (before === undefined && after === undefined) continue;
      const baseAt = at(b, keyword);
      const headAt = at(h, keyword);
      if (before === undefined) emit(`${stem}-added`, `now has ${keyword}`, baseAt, headAt);
      else if (after === undefined) emit(`${stem}-removed`, `no longer has ${keyword}`, baseAt, headAt);
      else if (this.#canonicalSchema(before.at, c.base) !== this.#canonicalSchema(after.at, c.head)) {
        emit(`${stem}-changed`, `${keyword} changed`, baseAt, headAt);
      }
    }
    this.#discriminator(b, h, emit, at);
    if (!b.deprecated && h.deprecated) {
      const sunset = readSunset(c.head.documents, h.at as Located<Readonly<Record<string, unknown>>>);
      if (sunset.invalid)
        emit('sunset-invalid', `has an x-sunset that is not a date: ${formatSunset(sunset)}`, b.at, at(h, 'x-sunset'));
      else if (!sunset.declared)
        emit('deprecated-sunset-missing', 'was deprecated without a sunset date (x-sunset)', b.at, at(h, 'deprecated'));
      else emit('deprecated', `was deprecated (sunset ${formatSunset(sunset)})`, b.at, at(h, 'deprecated'));
    }
    if (!nested && c.rootNoun === 'parameter' && c.direction === 'request') {
      const before = b.keywords.get('default');
      const after = h.keywords.get('default');
      if (before === undefined && after !== undefined)
        emit('default-value-added', `now defaults to ${show(after.value)}`, b.at, after.at);
      else if (before !== undefined && after === undefined)
        emit('default-value-removed', `no longer defaults to ${show(before.value)}`, before.at, h.at);
      else if (before !== undefined && after !== undefined && canonical(before.value) !== canonical(after.value)) {
        emit(
          'default-value-changed',
          `default changed from ${show(before.value)} to ${show(after.value)}`,
          before.at,
          after.at,
        );
      }
    }
  }

  #discriminator(b: SchemaView, h: SchemaView, emit: Emit, at: At): void {
    const before = discriminatorOf(b);
    const after = discriminatorOf(h);
    if (before === undefined && after === undefined) return;
    const baseAt = at(b, 'discriminator');
    const headAt = at(h, 'discriminator');
    if (before === undefined)
      return emit('discriminator-added', `now has a discriminator (${after?.propertyName ?? ''})`, baseAt, headAt);
    if (after === undefined)
      return emit('discriminator-removed', `no longer has a discriminator (${before.propertyName})`, baseAt, headAt);
    if (before.propertyName !== after.propertyName) {
      emit(
        'discriminator-property-changed',
        `discriminator changed from ${before.propertyName} to ${after.propertyName}`,
        baseAt,
        headAt,
      );
    }
    for (const [value, target] of before.mapping) {
      const next = after.mapping.get(value);
      if (next === undefined)
        emit('discriminator-mapping-removed', `discriminator value ${show(value)} was removed`, baseAt, headAt);
      else if (refName(next) !== refName(target)) {
        emit(
          'discriminator-mapping-changed',
          `discriminator value ${show(value)} now maps to ${refName(next)} instead of ${refName(target)}`,
          baseAt,
          headAt,
        );
      }
    }
    for (const value of after.mapping.keys()) {
      if (!before.mapping.has(value))
        emit('discriminator-mapping-added', `discriminator value ${show(value)} was added`, baseAt, headAt);
    }
  }

  #properties(b: Node, h: Node, trail: string): void {
    const c = this.#c;
    const noun = nestedNoun[c.rootNoun];
    const names = new Set([...b.view.properties.keys(), ...h.view.properties.keys()]);
    // A request never carries readOnly properties; a response never carries writeOnly ones.
    const hidden = (view: SchemaView | undefined): boolean =>
      view !== undefined && (c.direction === 'request' ? view.readOnly : view.writeOnly);
    const closed = isClosed(h.view);
    for (const name of names) {
      const path = `${trail}.${name}`;
      const subject = `${c.direction} ${nounWords[noun]} ${path}`;
      const emit = (suffix: string, what: string, baseAt: Position, headAt: Position): void =>
        c.sink.add(`${c.direction}-${noun}-${suffix}`, `${subject} ${what}`, baseAt, headAt, c.operations);
      const baseProperty = b.view.properties.get(name);
      const headProperty = h.view.properties.get(name);
      const before = baseProperty === undefined ? undefined : viewSchema(b.side.documents, baseProperty);
      const after = headProperty === undefined ? undefined : viewSchema(h.side.documents, headProperty);
      const baseRequired = b.view.required.has(name);
      const headRequired = h.view.required.has(name);
      const baseAt: Position = b.view.required.get(name) ?? baseProperty ?? b.view.at;
      const headAt: Position = h.view.required.get(name) ?? headProperty ?? h.view.at;
      const present = (view: SchemaView | undefined): boolean => view !== undefined && !hidden(view);
      if (present(before) && !present(after)) {
        if (after !== undefined && headProperty !== undefined) {
          const suffix = c.direction === 'request' ? 'became-read-only' : 'became-write-only';
          emit(
            suffix,
            c.direction === 'request'
              ? 'became readOnly: clients can no longer send it'
              : 'became writeOnly: responses no longer carry it',
            baseProperty ?? b.view.at,
            headProperty,
          );
        } else if (c.direction === 'request') {
          emit(
            closed ? 'removed-now-rejected' : 'removed',
            closed ? 'was removed, and undeclared properties are rejected' : 'was removed',
            baseProperty ?? b.view.at,
            h.view.at,
          );
        } else {
          emit(
            baseRequired ? 'removed' : 'removed-optional',
            baseRequired ? 'was removed (it was required)' : 'was removed',
            baseProperty ?? b.view.at,
            h.view.at,
          );
        }
        continue;
      }
      if (!present(before) && present(after)) {
        const required = headRequired && c.direction === 'request';
        emit(
          required ? 'added-required' : 'added',
          required ? 'was added as required' : 'was added',
          b.view.at,
          headProperty ?? h.view.at,
        );
        continue;
      }
      if (!present(before) || !present(after) || baseProperty === undefined || headProperty === undefined) continue;
      if (!baseRequired && headRequired) emit('became-required', 'became required', baseProperty, headAt);
      if (baseRequired && !headRequired) emit('became-optional', 'became optional', baseAt, headProperty);
      this.walk(baseProperty, headProperty, path, true);
    }
  }

  /**
   * A schema that became a union (or a union that became one of its branches): its other keywords moved into the
   * branches, so only the branch that matches the old schema is compared. True when handled.
   */
  #rewrapped(b: SchemaView, h: SchemaView, trail: string, nested: boolean, emit: Emit): boolean {
    const c = this.#c;
    const keyword =
      b.oneOf === undefined && b.anyOf === undefined
        ? h.oneOf !== undefined
          ? 'oneOf'
          : h.anyOf !== undefined
            ? 'anyOf'
            : undefined
        : undefined;
    if (keyword !== undefined) {
      const branches = h[keyword] ?? [];
      emit('wrapped-in-one-of', `became ${keyword} ${branches.length} alternatives`, b.at, {
        file: h.at.file,
        pointer: `${h.at.pointer}/${keyword}`,
      });
      const same = branches.find((branch) => this.#sameSchema(b, viewSchema(c.head.documents, branch)));
      if (same !== undefined) this.walk(b.at, same, trail, nested);
      return true;
    }
    const unwrapped =
      h.oneOf === undefined && h.anyOf === undefined
        ? b.oneOf !== undefined
          ? 'oneOf'
          : b.anyOf !== undefined
            ? 'anyOf'
            : undefined
        : undefined;
    if (unwrapped === undefined) return false;
    const branches = b[unwrapped] ?? [];
    const same = branches.find((branch) => this.#sameSchema(viewSchema(c.base.documents, branch), h));
    if (same === undefined) return false;
    const stem = unwrapped === 'oneOf' ? 'one-of' : 'any-of';
    for (const branch of branches) {
      if (branch !== same)
        emit(
          `${stem}-removed`,
          `${unwrapped} alternative ${this.#branchName(c.base, branch)} was removed`,
          branch,
          h.at,
        );
    }
    this.walk(same, h.at, trail, nested);
    return true;
  }

  #alternatives(b: SchemaView, h: SchemaView, trail: string, nested: boolean, emit: Emit): void {
    const c = this.#c;
    for (const keyword of ['oneOf', 'anyOf'] as const) {
      const stem = keyword === 'oneOf' ? 'one-of' : 'any-of';
      const before = b[keyword];
      const after = h[keyword];
      if (before === undefined && after === undefined) continue;
      if (before === undefined || after === undefined) continue;
      const { pairs, removed, added } = this.#matchBranches(before, after);
      const afterList = { file: h.at.file, pointer: `${h.at.pointer}/${keyword}` };
      const beforeList = { file: b.at.file, pointer: `${b.at.pointer}/${keyword}` };
      for (const branch of removed)
        emit(
          `${stem}-removed`,
          `${keyword} alternative ${this.#branchName(c.base, branch)} was removed`,
          branch,
          afterList,
        );
      for (const branch of added)
        emit(
          `${stem}-added`,
          `${keyword} alternative ${this.#branchName(c.head, branch)} was added`,
          beforeList,
          branch,
        );
      for (const [baseBranch, headBranch] of pairs) this.walk(baseBranch, headBranch, trail, nested);
    }
  }

  /** Branches match by component name, then title, then identical content, then position when counts agree. */
  #matchBranches(before: readonly Located[], after: readonly Located[]) {
    const c = this.#c;
    const identity = (side: ContractSide, branch: Located): string | undefined => {
      const view = viewSchema(side.documents, branch);
      if (view.name !== undefined) return `name:${view.name}`;
      const title = (view.at.value as { title?: unknown } | null)?.title;
      return typeof title === 'string' ? `title:${title}` : undefined;
    };
    const pairs: [Located, Located][] = [];
    let removed = [...before];
    let added = [...after];
    for (const match of [
      (side: ContractSide, branch: Located) => identity(side, branch),
      (side: ContractSide, branch: Located) => this.#canonicalSchema(branch, side),
    ]) {
      const byKey = new Map<string, Located>();
      for (const branch of added) {
        const key = match(c.head, branch);
        if (key !== undefined && !byKey.has(key)) byKey.set(key, branch);
      }
      removed = removed.filter((branch) => {
        const key = match(c.base, branch);
        const other = key === undefined ? undefined : byKey.get(key);
        if (other === undefined || key === undefined) return true;
        byKey.delete(key);
        pairs.push([branch, other]);
        added = added.filter((candidate) => candidate !== other);
        return false;
      });
    }
    if (removed.length === added.length) {
      for (const [index, branch] of removed.entries()) pairs.push([branch, added[index] as Located]);
      return { pairs, removed: [], added: [] };
    }
    return { pairs, removed, added };
  }

  #sameSchema(a: SchemaView, b: SchemaView): boolean {
    if (a.name !== undefined || b.name !== undefined) return a.name === b.name;
    return this.#canonicalSchema(a.at, this.#c.base) === this.#canonicalSchema(b.at, this.#c.head);
  }

  #branchName(side: ContractSide, branch: Located): string {
    const view = viewSchema(side.documents, branch);
    const title = (view.at.value as { title?: unknown } | null)?.title;
    return view.name ?? (typeof title === 'string' ? title : `#${splitPointer(branch.pointer).at(-1) ?? '?'}`);
  }

  /** Content with `$ref`s replaced by their target's location-independent name, for "same schema?" questions. */
  #canonicalSchema(at: Located, side: ContractSide): string {
    const resolved = side.documents.deref(at);
    const name = viewSchema(side.documents, resolved).name;
    return name !== undefined && resolved.pointer !== at.pointer ? `ref:${name}` : canonical(resolved.value);
  }
}

type Emit = (suffix: string, what: string, baseAt: Position, headAt: Position) => void;
type At = (view: SchemaView, keyword: string) => Position;

function reportBound(
  emit: Emit,
  stem: string,
  kind: 'lower' | 'upper',
  before: Bound | undefined,
  after: Bound | undefined,
  b: SchemaView,
  h: SchemaView,
): void {
  const keyword = boundKeywords[stem] ?? stem;
  const show = (bound: Bound): string => String(bound.value);
  if (before === undefined && after !== undefined) {
    return emit(`${stem}-set`, `now has ${keyword} ${show(after)}`, b.at, after.at);
  }
  if (before !== undefined && after === undefined) {
    return emit(`${stem}-unset`, `no longer has ${keyword} (was ${show(before)})`, before.at, h.at);
  }
  if (before === undefined || after === undefined) return;
  if (before.value === after.value && before.exclusive === after.exclusive) return;
  const higher =
    after.value > before.value ||
    (after.value === before.value && (kind === 'lower' ? after.exclusive : before.exclusive));
  const change = higher ? 'increased' : 'decreased';
  const from =
    before.exclusive === after.exclusive
      ? show(before)
      : `${show(before)}${before.exclusive ? ' (exclusive)' : ' (inclusive)'}`;
  emit(`${stem}-${change}`, `${keyword} ${change} from ${from} to ${show(after)}`, before.at, after.at);
}
