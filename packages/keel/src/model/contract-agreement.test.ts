import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatLocation, type Finding } from '../journey/finding.ts';
import { checkStageFixtures } from '../journey/rule-fixtures.ts';
import type { Stage } from '../journey/stage.ts';
import type { DataModel } from './model-model.ts';
import { modelStage } from './model-stage.ts';
import { contractAgreementRules } from './rules/contract-rules.ts';
import { snakeCase } from './agreement/schema-mappings.ts';

const agreementRules = new Set(contractAgreementRules.map((rule) => rule.id));

/** The gate with the agreement's rules alone: its fixtures are projects with a contract, quiet for these rules. */
const agreementStage: Stage<DataModel> = {
  ...modelStage,
  rules: modelStage.rules.filter((rule) => agreementRules.has(rule.id)),
};

const { bad } = await checkStageFixtures(agreementStage, new URL('./fixtures/agreement/', import.meta.url), {
  exempt: (id) => !agreementRules.has(id),
});

/** `file:line:column message` of one rule's findings. */
function lines(rule: string): string[] {
  return (bad.get(rule) ?? [])
    .filter((finding: Finding) => finding.rule === rule)
    .map((finding) => `${formatLocation(finding.location)} ${finding.message}`);
}

test('each agreement rule fires on its fixture and stays quiet on the good project', () => {
  assert.equal(bad.size, agreementRules.size);
});

test('properties map to columns by their name in snake_case', () => {
  assert.deepEqual(['startsAt', 'orgId', 'orgID', 'id', 'createdAtUTC'].map(snakeCase), [
    'starts_at',
    'org_id',
    'org_id',
    'id',
    'created_at_utc',
  ]);
});

describe('each finding names the schema, the property, the table and the column, at the property', () => {
  test('tables and columns the contract names exist', () => {
    assert.deepEqual(lines('model/contract-unknown-table'), [
      'openapi.yaml:29:7 schema Member maps to table members, which no migration creates',
    ]);
    assert.match(bad.get('model/contract-unknown-table')?.[0]?.fix ?? '', /\(people\)/);
    assert.deepEqual(lines('model/contract-unknown-column'), [
      'openapi.yaml:59:9 Member.bornOn maps to column members.born_on, which the table does not have',
    ]);
  });

  test('types and formats follow the column: uuid, date-time on timestamptz only, integers', () => {
    assert.deepEqual(lines('model/contract-type-mismatch'), [
      'openapi.yaml:32:9 Member.id (members.id) promises format uuid, but members.id is text: it holds any text, not only a uuid',
      'openapi.yaml:51:9 Member.score (members.score) is integer in the contract, but members.score is text, whose values are string',
      'openapi.yaml:62:9 Member.createdAt (members.created_at) is string (format date-time) in the contract, but members.created_at is timestamp without time zone: its values are not instants',
    ]);
  });

  test('a nullable column is a nullable property; an optional nullable property is fine', () => {
    assert.deepEqual(lines('model/contract-nullability'), [
      'openapi.yaml:35:9 Member.email (members.email) is required and not nullable in the contract, but members.email allows NULL: a row with NULL yields a response the contract forbids',
      'openapi.yaml:51:9 Member.score (members.score) is required and not nullable in the contract, but members.score allows NULL: a row with NULL yields a response the contract forbids',
    ]);
  });

  test('maxLength against varchar(n) and CHECKs on char_length, and limits the database does not keep', () => {
    assert.deepEqual(lines('model/contract-length'), [
      'openapi.yaml:35:9 Member.email (members.email) accepts up to 320 characters in the contract, but members.email holds at most 100: longer values fail on insert',
      'openapi.yaml:41:9 Member.name (members.display_name) accepts up to 80 characters in the contract, but members.display_name holds at most 60: longer values fail on insert',
    ]);
    assert.deepEqual(lines('model/contract-length-unenforced'), [
      'openapi.yaml:35:9 Member.email (members.email) has maxLength 320 in the contract, but members.email has no limit: the database does not enforce it',
    ]);
    assert.equal(bad.get('model/contract-length-unenforced')?.[0]?.severity, 'warning');
  });

  test('enums against enum types and CHECK … IN / = ANY, values missing on either side', () => {
    assert.deepEqual(lines('model/contract-enum'), [
      "openapi.yaml:45:9 Member.role (members.role): the contract's enum [owner, member] and the values members.role allows [owner, member, guest] differ: the contract does not list guest",
      "openapi.yaml:48:9 Member.status (members.status): the contract's enum [active, suspended] and the values members.status allows [active, deleted] differ: the database refuses suspended; the contract does not list deleted",
    ]);
    assert.equal(
      bad.get('model/contract-enum')?.find((finding) => finding.message.includes('status'))?.fix,
      'Add deleted to the enum of status: values the database holds reach clients. Remove suspended from the enum of status, or allow them in members.status in a new migration.',
    );
  });

  test('read-only properties are generated by the database', () => {
    assert.deepEqual(lines('model/contract-read-only'), [
      'openapi.yaml:62:9 Member.createdAt (members.created_at) is readOnly in the contract, but members.created_at has no default or identity: every insert has to invent it',
    ]);
    assert.equal(bad.get('model/contract-read-only')?.[0]?.severity, 'warning');
  });
});
