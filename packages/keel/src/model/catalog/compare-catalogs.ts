import { catalogLists, type CatalogRecord } from './catalog-objects.ts';
import type { CatalogSnapshot } from './catalog-snapshot.ts';

export type DifferenceKind = 'missing' | 'unexpected' | 'changed';

/** One property of an object that differs, as the user reads it: `default: now() → none`. */
export interface PropertyChange {
  readonly property: string;
  readonly before: string;
  readonly after: string;
}

/** An object the two snapshots disagree on. */
export interface CatalogDifference {
  /** `missing`: expected but absent; `unexpected`: present but not expected; `changed`: present in both, unlike. */
  readonly kind: DifferenceKind;
  /** Which list of the snapshot it is in (`indexes`, `columns`, ...). */
  readonly list: keyof CatalogSnapshot;
  /** e.g. `index bookings_resource_id_starts_at`, `column bookings.notes`, `policy tenant on bookings`. */
  readonly object: string;
  /** For `changed`: each property that differs, expected value first. Empty otherwise. */
  readonly changes: readonly PropertyChange[];
}

/**
 * Every object that differs between two snapshots. A table found on one side only is one difference: its columns,
 * constraints, indexes, triggers, policies and owned sequences go with it. So does the index of a constraint.
 *
 * @example
 * compareCatalogs(before, after) // [{ kind: 'unexpected', list: 'indexes', object: 'index bookings_notes_idx', changes: [] }]
 */
export function compareCatalogs(expected: CatalogSnapshot, actual: CatalogSnapshot): CatalogDifference[] {
  const differences: CatalogDifference[] = [];
  /** `list:key` of every object found on one side only, reported or implied by its parent. */
  const oneSided: Record<'missing' | 'unexpected', Set<string>> = { missing: new Set(), unexpected: new Set() };
  for (const kind of catalogLists) {
    const before = new Map(expected[kind.list].map((record) => [kind.key(record), record] as const));
    const after = new Map(actual[kind.list].map((record) => [kind.key(record), record] as const));
    const sided = (side: 'missing' | 'unexpected', key: string, record: CatalogRecord): void => {
      oneSided[side].add(`${kind.list}:${key}`);
      if (!impliedByParent(side, kind.relation?.(record), record)) {
        differences.push({ kind: side, list: kind.list, object: kind.label(record), changes: [] });
      }
    };
    const impliedByParent = (side: 'missing' | 'unexpected', relation: string | undefined, record: CatalogRecord) => {
      const set = oneSided[side];
      if (relation !== undefined && (set.has(`tables:${relation}`) || set.has(`views:${relation}`))) return true;
      const constraint = 'constraint' in record ? record.constraint : null;
      if (constraint !== null && set.has(`constraints:${relation ?? ''}.${constraint}`)) return true;
      const ownedBy = 'ownedBy' in record ? record.ownedBy : null;
      return ownedBy !== null && set.has(`columns:${ownedBy.split('.').length === 2 ? `public.${ownedBy}` : ownedBy}`);
    };
    for (const [key, record] of before) {
      const other = after.get(key);
      if (other === undefined) sided('missing', key, record);
      else {
        const changes = propertyChanges(record, other);
        if (changes.length > 0) {
          differences.push({ kind: 'changed', list: kind.list, object: kind.label(record), changes });
        }
      }
    }
    for (const [key, record] of after) if (!before.has(key)) sided('unexpected', key, record);
  }
  return differences;
}

/** `index x is missing`, `column bookings.status is changed: default 'a'::text → 'b'::text`. */
export function describeDifference(difference: CatalogDifference): string {
  if (difference.kind !== 'changed') return `${difference.object} is ${difference.kind}`;
  return `${difference.object} is changed: ${describeChanges(difference.changes)}`;
}

/** `default 'a'::text → 'b'::text; not null no → yes`. */
export function describeChanges(changes: readonly PropertyChange[]): string {
  return changes.map((change) => `${change.property} ${change.before} → ${change.after}`).join('; ');
}

function propertyChanges(before: CatalogRecord, after: CatalogRecord): PropertyChange[] {
  const left = before as unknown as Readonly<Record<string, unknown>>;
  const right = after as unknown as Readonly<Record<string, unknown>>;
  const properties = [...new Set([...Object.keys(left), ...Object.keys(right)])];
  return properties
    .filter((property) => JSON.stringify(left[property]) !== JSON.stringify(right[property]))
    .map((property) => ({
      property: propertyName(property),
      before: displayValue(left[property]),
      after: displayValue(right[property]),
    }));
}

/** `forceRowSecurity` → `force row security`. */
function propertyName(property: string): string {
  return property.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

function displayValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : `[${value.map(displayValue).join(', ')}]`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
