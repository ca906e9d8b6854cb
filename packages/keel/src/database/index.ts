export type { AnyDatabase, AnyTransaction, Database, DatabaseKind, Session, SessionTransaction } from './database.ts';
export {
  applySettings,
  type ScopedStatements,
  type ScopedTransaction,
  type TransactionSettings,
} from './scoped-transaction.ts';
export {
  constraintViolation,
  isConnectionError,
  sqlState,
  type ConstraintKind,
  type ConstraintViolation,
} from './database-errors.ts';
export { openDatabase, type OpenDatabaseOptions } from './open-database.ts';
export { PGliteDialect, type PGliteDialectConfig } from './pglite-dialect.ts';
export { extensionsUsedBy } from './pglite-extensions.ts';
export { redactUrl } from './postgres-database.ts';
export { splitStatements, type SqlStatement } from './sql-script.ts';
