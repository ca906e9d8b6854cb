/**
 * Keel: carry an HTTP API backend from a written requirement to a running, monitored service.
 *
 * @example
 * import { createApp } from 'keel';
 * const app = await createApp({ dir: '.' });
 * await app.listen({ port: 3000 });
 */
export * from './runtime/index.ts';
export { loadContract, type Contract, type Operation } from './contract/index.ts';
export { constraintViolation, isConnectionError, openDatabase, type Database } from './database/index.ts';
export { errorCodes, isKeelError, KeelError, type KeelErrorCode } from './errors/index.ts';
export { loadProject, type KeelConfig, type Project } from './project/index.ts';
export { migrate, migrationStatus, readMigrations, rollback, type Migration } from './migrations/index.ts';
export {
  startProductionServer,
  type ProductionServer,
  type ProductionServerOptions,
} from './ship/production-server.ts';
export { verifyAuditFindings } from './audit/regression-tests.ts';
