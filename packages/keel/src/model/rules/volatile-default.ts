import { calledFunctions, constraintsOf, isSerial, sqlType } from '../sql-ast.ts';
import { lintRule, upStatements, type Hit } from './lint-rule.ts';
import { addedColumns } from './statement-parts.ts';

/** Functions whose value differs per row: a column added with one as default is written into every row. */
const volatileFunctions = new Set([
  'random',
  'clock_timestamp',
  'timeofday',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'nextval',
]);

/** `model/volatile-default`: a column added to a table with rows does not rewrite it. */
export const volatileDefault = lintRule({
  id: 'model/volatile-default',
  severity: 'error',
  summary:
    'Columns added to a table an earlier migration created have no volatile default (random(), clock_timestamp(), gen_random_uuid(), a sequence), which would rewrite the table under lock.',
  fix: 'Add the column without a default, then SET DEFAULT in a second statement (new rows get it), and backfill existing rows in batches.',
  find: (model) =>
    upStatements(model).flatMap(({ statement }): Hit[] => {
      if (!statement.onExistingTable) return [];
      return addedColumns(statement).flatMap((column) => {
        const name = `${statement.table ?? ''}.${column.colname ?? ''}`;
        const at = statement.locate(column.location);
        const defaults = constraintsOf(column.constraints).filter(
          (constraint) => constraint.contype === 'CONSTR_DEFAULT',
        );
        const volatile = defaults
          .flatMap((constraint) => calledFunctions(constraint.raw_expr))
          .find((fn) => volatileFunctions.has(fn));
        if (volatile !== undefined) {
          return [
            {
              statement,
              at,
              message: `adds column ${name} with the volatile default ${volatile}(): PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock`,
            },
          ];
        }
        const generated =
          isSerial(sqlType(column.typeName)) ||
          constraintsOf(column.constraints).some((constraint) => constraint.contype === 'CONSTR_IDENTITY');
        if (generated) {
          return [
            {
              statement,
              at,
              message: `adds column ${name} filled from a sequence: PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock`,
            },
          ];
        }
        return [];
      });
    }),
});
