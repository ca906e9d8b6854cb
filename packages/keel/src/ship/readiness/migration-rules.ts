import { relative } from 'node:path';
import { withoutComments } from '../../database/sql-script.ts';
import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { ShipInput } from '../ship-input.ts';

/** The previous release's migration level: migrations above it are new in this release. */
export function previousLevel(input: ShipInput): number {
  return input.previous?.record.migrations.level ?? 0;
}

/** `ship/migration-without-down`: every migration new in the release can be rolled back. */
export const migrationWithoutDown: Rule<ShipInput> = {
  id: 'ship/migration-without-down',
  severity: 'error',
  summary: 'Every migration since the previous release has a down section that undoes it.',
  fix: 'Write the `-- migrate:down` section (the model gate proves it undoes the up section), then check the model again.',
  run(input, context) {
    const since = previousLevel(input);
    return input.migrations
      .filter((migration) => migration.version > since && withoutComments(migration.down).trim() === '')
      .map((migration) => ({
        message: `${migration.file} has an empty down section: the release could not be rolled back past it`,
        at: { file: relative(context.project.root, migration.path), line: migration.downLine },
      }));
  },
};

/** `ship/released-migration-changed`: what earlier releases applied in production is still there, unedited. */
export const releasedMigrationChanged: Rule<ShipInput> = {
  id: 'ship/released-migration-changed',
  severity: 'error',
  summary: 'Every migration of the previous release is still present and unedited.',
  fix: 'Restore the released migration from the previous release’s commit, and make the change in a new migration.',
  run(input, context) {
    const released = input.previous?.record.migrations.all ?? [];
    const byVersion = new Map(input.migrations.map((migration) => [migration.version, migration]));
    return released.flatMap((migration): Issue[] => {
      const now = byVersion.get(migration.version);
      const at = { file: `${context.project.config.migrations}/${migration.file}` };
      if (now === undefined) {
        return [{ message: `${migration.file}, released in ${input.previous?.version ?? ''}, is missing`, at }];
      }
      return now.checksum === migration.checksum
        ? []
        : [
            {
              message: `${migration.file} was edited after release ${input.previous?.version ?? ''} applied it: databases at that release would not match the file`,
              at: { ...at, file: relative(context.project.root, now.path) },
            },
          ];
    });
  },
};
