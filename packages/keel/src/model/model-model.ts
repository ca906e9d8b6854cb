import type { Node } from 'libpg-query';
import type { Location } from '../journey/finding.ts';
import type { Migration } from '../migrations/index.ts';

/**
 * The data model as the migrations declare it: each migration with its parsed statements, and the tables that result
 * from applying every statement in order. Derived from the SQL text alone, no database involved.
 */
export interface DataModel {
  /** The migrations folder, relative to the project root. */
  readonly migrationsDir: string;
  readonly migrations: readonly ModelMigration[];
  /** The tables after the last migration, in the order they were created. */
  readonly tables: readonly Table[];
}

export interface ModelMigration {
  /** `M-0003`: the migration's identifier for `keel trace`. */
  readonly id: string;
  readonly migration: Migration;
  /** The file, relative to the project root. */
  readonly file: string;
  /** The `-- migrate:down` marker. */
  readonly downAt: Location;
  /** Runs in a transaction: false when the file says `-- keel:no-transaction`. */
  readonly transaction: boolean;
  /** Empty when the section does not parse (the loader reports `model/sql-syntax`). */
  readonly up: readonly Statement[];
  readonly down: readonly Statement[];
  /** Both sections parse. */
  readonly parsed: boolean;
  /** Allow comments after the up section's last statement: they apply to no statement. */
  readonly strayAllows: readonly Allow[];
  /** The tables its up section creates. */
  readonly creates: readonly string[];
}

/** One SQL statement of a migration section, as the PostgreSQL parser read it. */
export interface Statement {
  /** The parse node's type, e.g. `AlterTableStmt`. */
  readonly kind: string;
  readonly node: Node;
  readonly sql: string;
  readonly at: Location;
  readonly section: 'up' | 'down';
  /** The migration it belongs to, e.g. `M-0003`. */
  readonly migration: string;
  /** Every table the statement acts on (DROP TABLE and TRUNCATE may name several). */
  readonly tables: readonly string[];
  /** Those of `tables` that come from an earlier migration. */
  readonly existingTables: readonly string[];
  /** The first table of `tables`, as the migrations declared it just before this statement. */
  readonly tableBefore?: Table;
  /** The first of `tables` (for DROP INDEX, the index's table when the migrations declare it). */
  readonly table?: string;
  /** That table comes from an earlier migration: the rules about locks and existing rows apply. */
  readonly onExistingTable: boolean;
  /** A `SET lock_timeout` ran earlier in the same section. */
  readonly afterLockTimeout: boolean;
  /** `-- keel:allow <rule> <reason>` comments written between the previous statement and this one. */
  readonly allows: readonly Allow[];
  /** Where a parse-node offset (in bytes of the section, as the parser gives it) lies in the file. */
  locate(offset: number | undefined): Location;
}

/** `-- keel:allow <rule-id> <reason>`: accepts one rule's finding on the next statement, for a written reason. */
export interface Allow {
  readonly rule: string;
  /** Empty when the comment gives none: the allow then suppresses nothing. */
  readonly reason: string;
  readonly at: Location;
}

export interface Table {
  /** Lower-case, without a `public.` prefix; other schemas stay qualified (`audit.events`). */
  readonly name: string;
  /** The migration that created it, e.g. `M-0001`. */
  readonly createdIn: string;
  readonly statement: Statement;
  readonly at: Location;
  readonly columns: readonly Column[];
  readonly foreignKeys: readonly ForeignKey[];
  /** Plain indexes and the indexes behind primary key, unique and exclusion constraints. */
  readonly indexes: readonly TableIndex[];
}

export interface Column {
  readonly name: string;
  readonly type: SqlType;
  readonly statement: Statement;
  readonly at: Location;
}

/** A type as written: `name` is PostgreSQL's internal name (`int4`, `varchar`, `timestamptz`, `serial`). */
export interface SqlType {
  readonly name: string;
  readonly modifiers: readonly number[];
  readonly array: boolean;
  /** As SQL spells it, for messages: `integer`, `varchar(40)`, `timestamp`. */
  readonly text: string;
}

export interface ForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: string;
  readonly statement: Statement;
  readonly at: Location;
}

export type IndexOrigin = 'primary key' | 'unique' | 'exclusion' | 'index';

export interface TableIndex {
  readonly name: string;
  readonly origin: IndexOrigin;
  /** Column names, or `(expression)` keys as a canonical text of the expression's parse tree. */
  readonly keys: readonly IndexKey[];
  readonly method: string;
  readonly unique: boolean;
  /** A canonical text of the WHERE clause of a partial index; empty when the index is not partial. */
  readonly predicate: string;
  readonly statement: Statement;
  readonly at: Location;
}

export interface IndexKey {
  /** The column, or a canonical text of the expression: keys compare equal when they index the same thing. */
  readonly value: string;
  /** How a message shows it. */
  readonly text: string;
}
