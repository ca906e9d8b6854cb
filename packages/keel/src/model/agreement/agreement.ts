import { contractStage } from '../../contract/contract-stage.ts';
import type { Issue } from '../../journey/finding.ts';
import { derivedRule, type CheckContext, type Rule, type RuleHead } from '../../journey/stage.ts';
import type { Column, DataModel, Table } from '../model-model.ts';
import { checkedMaxLength, checkedValues } from './check-bounds.ts';
import { columnFacts, type ColumnFact, type ColumnFacts } from './column-facts.ts';
import { schemaMappings, type MappedProperty, type MappedSchema } from './schema-mappings.ts';

/** The mapped schemas of the contract next to the tables of the migrations. */
export interface Agreement {
  readonly schemas: readonly MappedSchema[];
  readonly tables: ReadonlyMap<string, Table>;
  readonly facts: ColumnFacts;
  /** Every mapped property whose table and column exist. */
  readonly pairs: readonly PropertyColumn[];
}

/** A property and its column, with what the migrations say about the column. */
export interface PropertyColumn {
  readonly schema: MappedSchema;
  readonly property: MappedProperty;
  readonly table: Table;
  readonly column: Column;
  readonly fact: ColumnFact;
  /** The smallest of `varchar(n)` and a CHECK on its length; undefined when nothing limits it. */
  readonly maxLength: number | undefined;
  /** The labels of its enum type, or the values a CHECK lists; undefined when neither restricts it. */
  readonly values: readonly string[] | undefined;
  /** `Booking.startsAt (bookings.starts_at)`, as messages name the pair. */
  readonly label: string;
}

const agreements = new WeakMap<DataModel, Promise<Agreement | undefined>>();

/**
 * A rule of the contract agreement: quiet when the project has no readable contract or maps no schema, since the
 * contract's own gate reports a missing or broken contract.
 *
 * @example
 * export const contractEnum = agreementRule({ id: 'model/contract-enum', severity: 'error', summary, fix, find });
 */
export function agreementRule(
  definition: RuleHead & { find(agreement: Agreement): readonly Issue[] },
): Rule<DataModel> {
  return derivedRule(definition, agreementOf, (agreement) => definition.find(agreement));
}

function agreementOf(model: DataModel, context: CheckContext): Promise<Agreement | undefined> {
  let agreement = agreements.get(model);
  if (agreement === undefined) {
    agreement = context.model(contractStage).then((contract) => {
      if (contract === undefined) return undefined;
      return buildAgreement(model, schemaMappings(contract));
    });
    agreements.set(model, agreement);
  }
  return agreement;
}

function buildAgreement(model: DataModel, schemas: readonly MappedSchema[]): Agreement {
  const tables = new Map(model.tables.map((table) => [table.name, table]));
  const facts = columnFacts(model);
  const pairs = schemas.flatMap((schema) => {
    const table = tables.get(schema.table);
    if (table === undefined) return [];
    return schema.properties.flatMap((property): PropertyColumn[] => {
      const column = table.columns.find((entry) => entry.name === property.column);
      if (column === undefined) return [];
      const checks = facts.checks(table.name);
      const limits = [
        column.type.name === 'varchar' || column.type.name === 'bpchar' ? column.type.modifiers[0] : undefined,
        checkedMaxLength(checks, column.name),
      ].filter((limit): limit is number => limit !== undefined);
      return [
        {
          schema,
          property,
          table,
          column,
          fact: facts.column(table.name, column.name),
          maxLength: limits.length === 0 ? undefined : Math.min(...limits),
          values: facts.enumLabels(column.type.name) ?? checkedValues(checks, column.name),
          label: `${schema.name}.${property.name} (${table.name}.${column.name})`,
        },
      ];
    });
  });
  return { schemas, tables, facts, pairs };
}
