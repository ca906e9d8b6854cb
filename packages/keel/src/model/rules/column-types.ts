import type { SqlType } from '../model-model.ts';
import { isSerial } from '../sql-ast.ts';
import { lintRule, upStatements, type Hit } from './lint-rule.ts';
import { columnName, declaredColumns } from './statement-parts.ts';

/** A lint rule on the types columns are declared with (CREATE TABLE, ADD COLUMN, ALTER COLUMN … TYPE). */
function columnTypeRule(definition: {
  readonly id: string;
  readonly summary: string;
  readonly fix: string;
  readonly matches: (type: SqlType, via: string) => boolean;
  readonly problem: (type: SqlType) => string;
}) {
  return lintRule({
    id: definition.id,
    severity: 'warning',
    summary: definition.summary,
    fix: definition.fix,
    find: (model) =>
      upStatements(model).flatMap(({ statement }): Hit[] =>
        declaredColumns(statement)
          .filter((declared) => definition.matches(declared.type, declared.via))
          .map((declared) => ({
            statement,
            at: declared.at,
            message: `${columnName(statement, declared.column)} is ${declared.type.text}: ${definition.problem(declared.type)}`,
          })),
      ),
  });
}

/** `model/serial-key`: generated keys are identity columns. */
export const serialKey = columnTypeRule({
  id: 'model/serial-key',
  summary: 'No column is serial, smallserial or bigserial.',
  fix: 'Declare it `bigint generated always as identity`: the sequence belongs to the column, and its grants and dumps follow it.',
  matches: (type, via) => via !== 'alter type' && isSerial(type),
  problem: () =>
    'serial makes a sequence the column does not own for grants, dumps and identity semantics; identity belongs here',
});

/** `model/timestamp-without-time-zone`: instants carry their time zone. */
export const timestampWithoutTimeZone = columnTypeRule({
  id: 'model/timestamp-without-time-zone',
  summary: 'No column is `timestamp` without time zone.',
  fix: 'Use timestamptz: it stores an instant, and clients in any time zone read it right.',
  matches: (type) => type.name === 'timestamp',
  problem: () => 'it stores a wall-clock time without a zone, which clients in other zones misread',
});

/** `model/varchar-length`: lengths are CHECKs on text, which change without a lock. */
export const varcharLength = columnTypeRule({
  id: 'model/varchar-length',
  summary: 'No column is varchar(n) or char(n).',
  fix: 'Use text with CHECK (char_length(column) <= n): changing the limit later is a new constraint added NOT VALID, not a type change.',
  matches: (type) => (type.name === 'varchar' && type.modifiers.length > 0) || type.name === 'bpchar',
  problem: (type) =>
    type.name === 'bpchar'
      ? 'char pads with spaces and its length is a type change to alter'
      : 'shortening its length later is a type change that rewrites the table',
});

/** `model/json-type`: documents are jsonb. */
export const jsonType = columnTypeRule({
  id: 'model/json-type',
  summary: 'No column is json.',
  fix: 'Use jsonb: it can be indexed and compared, and it is parsed once on write instead of on every read.',
  matches: (type) => type.name === 'json',
  problem: () => 'json keeps the text as written, cannot be indexed or compared with =, and is parsed on every read',
});
