export {
  createTestDatabase,
  testDatabaseKinds,
  testPostgresUrl,
  type TestDatabase,
  type TestDatabaseKind,
} from './test-databases.ts';
export { canRunPostgresServer, startPostgresServer, type PostgresServer } from './postgres-server.ts';
export { replayGeneratedCase, type SavedCase } from '../tests/saved-case.ts';
