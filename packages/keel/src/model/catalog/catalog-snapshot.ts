/**
 * What introspection sees of a database's user schemas, without OIDs, every list sorted by name, so that two
 * snapshots of the same schema are deeply equal whichever database (PGlite or PostgreSQL) and whenever taken.
 * Absent values are `null` rather than missing, so every record of a kind has the same shape.
 */
export interface CatalogSnapshot {
  readonly schemas: readonly SchemaSnapshot[];
  readonly extensions: readonly ExtensionSnapshot[];
  readonly types: readonly TypeSnapshot[];
  readonly tables: readonly TableSnapshot[];
  readonly columns: readonly ColumnSnapshot[];
  readonly constraints: readonly ConstraintSnapshot[];
  readonly indexes: readonly IndexSnapshot[];
  readonly sequences: readonly SequenceSnapshot[];
  readonly views: readonly ViewSnapshot[];
  readonly functions: readonly FunctionSnapshot[];
  readonly triggers: readonly TriggerSnapshot[];
  readonly policies: readonly PolicySnapshot[];
}

export interface SchemaSnapshot {
  readonly name: string;
  readonly comment: string | null;
}

export interface ExtensionSnapshot {
  readonly name: string;
  readonly version: string;
  readonly schema: string;
}

export type TypeSnapshot = EnumTypeSnapshot | DomainSnapshot | CompositeTypeSnapshot | RangeTypeSnapshot;

interface TypeBase {
  readonly schema: string;
  readonly name: string;
  readonly comment: string | null;
}

export interface EnumTypeSnapshot extends TypeBase {
  readonly kind: 'enum';
  /** In their sort order, which is part of the type. */
  readonly labels: readonly string[];
}

export interface DomainSnapshot extends TypeBase {
  readonly kind: 'domain';
  readonly baseType: string;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly collation: string | null;
  /** `name: definition`, by name. */
  readonly constraints: readonly string[];
}

export interface CompositeTypeSnapshot extends TypeBase {
  readonly kind: 'composite';
  /** `name type`, in attribute order. */
  readonly attributes: readonly string[];
}

export interface RangeTypeSnapshot extends TypeBase {
  readonly kind: 'range';
  readonly subtype: string;
}

export type TableKind = 'table' | 'partitioned table' | 'foreign table';
export type Persistence = 'permanent' | 'unlogged' | 'temporary';

export interface TableSnapshot {
  readonly schema: string;
  readonly name: string;
  readonly kind: TableKind;
  readonly persistence: Persistence;
  readonly rowSecurity: boolean;
  readonly forceRowSecurity: boolean;
  /** Storage parameters such as `fillfactor=70`, sorted. */
  readonly options: readonly string[];
  /** Parents by inheritance or partitioning, `schema.name`. */
  readonly inherits: readonly string[];
  readonly partitionKey: string | null;
  readonly partitionBound: string | null;
  /** Privileges granted to roles other than the owner, `grantee PRIVILEGE`, sorted. */
  readonly grants: readonly string[];
  readonly comment: string | null;
}

export type Identity = 'always' | 'by default';

/** A table's column. Its position is left out: a column dropped and added back lands last, which no migration can undo. */
export interface ColumnSnapshot {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** As `format_type` spells it, e.g. `character varying(200)`. */
  readonly type: string;
  readonly notNull: boolean;
  readonly default: string | null;
  readonly identity: Identity | null;
  /** The expression of a stored generated column. */
  readonly generated: string | null;
  /** Only when it is not the type's own collation. */
  readonly collation: string | null;
  readonly comment: string | null;
}

export type ConstraintType = 'check' | 'foreign key' | 'primary key' | 'unique' | 'exclusion' | 'trigger';

export interface ConstraintSnapshot {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly type: ConstraintType;
  /** From `pg_get_constraintdef`, e.g. `FOREIGN KEY (org_id) REFERENCES organisations(id) ON DELETE CASCADE`. */
  readonly definition: string;
}

export interface IndexSnapshot {
  readonly schema: string;
  /** The table or materialized view it indexes. */
  readonly table: string;
  readonly name: string;
  /** From `pg_get_indexdef`. */
  readonly definition: string;
  readonly valid: boolean;
  /** The constraint it enforces (primary key, unique, exclusion), if any. */
  readonly constraint: string | null;
}

export interface SequenceSnapshot {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cache: string;
  readonly cycle: boolean;
  /** `table.column` of a serial or identity column. */
  readonly ownedBy: string | null;
  readonly grants: readonly string[];
}

export interface ViewSnapshot {
  readonly schema: string;
  readonly name: string;
  readonly materialized: boolean;
  /** From `pg_get_viewdef`. */
  readonly definition: string;
  /** Options such as `security_invoker=true`, sorted. */
  readonly options: readonly string[];
  readonly grants: readonly string[];
  readonly comment: string | null;
}

export type FunctionKind = 'function' | 'procedure' | 'aggregate' | 'window';

export interface FunctionSnapshot {
  readonly schema: string;
  readonly name: string;
  readonly kind: FunctionKind;
  /** From `pg_get_function_identity_arguments`: overloads differ here. */
  readonly arguments: string;
  readonly result: string | null;
  /** From `pg_get_functiondef`; null for aggregates, which it cannot show. */
  readonly definition: string | null;
  readonly comment: string | null;
}

export type TriggerState = 'enabled' | 'disabled' | 'replica' | 'always';

export interface TriggerSnapshot {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  /** From `pg_get_triggerdef`. */
  readonly definition: string;
  readonly state: TriggerState;
}

export type PolicyCommand = 'all' | 'select' | 'insert' | 'update' | 'delete';

export interface PolicySnapshot {
  readonly schema: string;
  readonly table: string;
  readonly name: string;
  readonly command: PolicyCommand;
  readonly permissive: boolean;
  /** Role names, sorted; `public` for everyone. */
  readonly roles: readonly string[];
  /** The USING expression. */
  readonly using: string | null;
  readonly withCheck: string | null;
}
