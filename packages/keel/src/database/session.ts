import type { AnyDatabase, Session } from './database.ts';

/** Runs a script of several statements on the connection (or transaction) `db` is bound to. */
export type ScriptRunner = (db: AnyDatabase, script: string) => Promise<void>;

/** A session over a Kysely handle bound to one connection (`db.connection().execute(...)`). */
export function createSession(db: AnyDatabase, runScript: ScriptRunner): Session {
  return {
    db,
    execScript: (script) => runScript(db, script),
    transaction: (fn) =>
      db.transaction().execute((trx) => fn({ db: trx, execScript: (script) => runScript(trx, script) })),
  };
}
