import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { isKeelError } from '../errors/index.ts';
import { migrate, migrationStatus, readMigrations } from '../migrations/index.ts';
import { loadProject } from '../project/index.ts';
import { createTestDatabase, testDatabaseKinds } from '../testing/index.ts';
import { rollbackToRelease } from './rollback-to-release.ts';
import { planRelease, writeRelease } from './ship-release.ts';
import { createShopProject, writeRelease2 } from './test-project.ts';

for (const kind of testDatabaseKinds()) {
  describe(`keel rollback on ${kind}`, () => {
    test('refuses to lose data unless accepted, says what it would lose, then goes back to the release’s level', async (t) => {
      const shop = await createShopProject();
      t.after(() => shop.cleanup());
      let project = await loadProject(shop.root);
      await writeRelease(project, await planRelease(project, []));
      shop.commit('release 1.0.0');
      await writeRelease2(shop);
      shop.commit('colour');
      project = await loadProject(shop.root);
      await writeRelease(project, await planRelease(project, []));

      const scratch = await createTestDatabase(kind);
      t.after(() => scratch.dispose());
      const { database } = scratch;
      const migrations = await readMigrations(project.paths.migrations);
      await migrate(database, migrations);
      await sql`insert into items (name, colour) values ('kept', 'red'), ('plain', null)`.execute(database.db);

      const planned = await rollbackToRelease(project, database, migrations, '1.0.0', { dryRun: true });
      assert.deepEqual(
        planned.steps.map((step) => [step.file, step.losses.map((loss) => [loss.message, loss.count])]),
        [['0002_item_colour.sql', [['drops column items.colour with its values', 1]]]],
      );
      await assert.rejects(
        rollbackToRelease(project, database, migrations, '1.0.0'),
        (error) =>
          isKeelError(error) &&
          error.code === 'KEEL_ROLLBACK_LOSES_DATA' &&
          error.message.includes('0002_item_colour.sql: drops column items.colour with its values (1 now)'),
      );
      assert.equal(
        (await migrationStatus(database, migrations)).filter((s) => s.state === 'applied').length,
        2,
        'nothing ran',
      );

      const done = await rollbackToRelease(project, database, migrations, '1.0.0', { acceptDataLoss: true });
      assert.equal(done.rolledBack, true);
      assert.equal(done.bundle, 'releases/1.0.0/deploy');
      assert.deepEqual(
        (await migrationStatus(database, migrations)).map((s) => [s.version, s.state]),
        [
          [1, 'applied'],
          [2, 'pending'],
        ],
      );
      const { rows } = await sql<{ name: string }>`select name from items order by name`.execute(database.db);
      assert.deepEqual(
        rows.map((row) => row.name),
        ['kept', 'plain'],
        'the rows stay; only the colour values went',
      );
      await assert.rejects(
        rollbackToRelease(project, database, migrations, '0.9.0'),
        (error) =>
          isKeelError(error) &&
          error.code === 'KEEL_RELEASE_NOT_FOUND' &&
          /released: 1\.0\.0, 1\.1\.0/.test(error.message),
      );
    });
  });
}
