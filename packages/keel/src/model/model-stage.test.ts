import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createCheckContext } from '../journey/check-context.ts';
import { formatLocation, type Finding } from '../journey/finding.ts';
import { stages } from '../journey/registry.ts';
import { checkStageFixtures } from '../journey/rule-fixtures.ts';
import { runGates } from '../journey/run-gate.ts';
import type { Stage } from '../journey/stage.ts';
import { loadProject } from '../project/index.ts';
import type { DataModel } from './model-model.ts';
import { modelStage } from './model-stage.ts';
import { lintRules } from './rules/index.ts';
import { contractAgreementRules } from './rules/contract-rules.ts';

const lintFixtures = new URL('./fixtures/lint/', import.meta.url);
const reversibilityFixtures = new URL('./fixtures/reversibility/', import.meta.url);
const good = fileURLToPath(new URL('./good/', lintFixtures));
const flagship = fileURLToPath(new URL('../../../../examples/bookings/', import.meta.url));

const proofRules = new Set(['model/irreversible-migration', 'model/down-loses-data']);
// The contract agreement has a fixture tree and a test of its own: contract-agreement.test.ts.
const agreementRules = new Set(contractAgreementRules.map((rule) => rule.id));

/** The gate without the proof on a scratch database: the lint alone, quick enough to run on every fixture. */
const lintStage: Stage<DataModel> = {
  ...modelStage,
  rules: modelStage.rules.filter((rule) => !proofRules.has(rule.id) && !agreementRules.has(rule.id)),
};

/** The proof alone, on a project of its own (its loader rules are proven with the lint). */
const proofStage: Stage<DataModel> = {
  ...modelStage,
  rules: modelStage.rules.filter((rule) => proofRules.has(rule.id)),
};

/** `rule file:line:column message`, for one rule's findings (every rule's when none is named). */
function lines(findings: readonly Finding[] | undefined, rule?: string): string[] {
  return (findings ?? [])
    .filter((finding) => rule === undefined || finding.rule === rule)
    .map(
      (finding) =>
        `${rule === undefined ? `${finding.rule} ` : ''}${formatLocation(finding.location)} ${finding.message}`,
    );
}

const scratch: string[] = [];
after(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

/** The lint's findings on the good project with more migrations added. */
async function lintWith(migrations: Record<string, string>): Promise<readonly Finding[]> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-model-'));
  scratch.push(dir);
  await cp(good, dir, { recursive: true });
  for (const [file, text] of Object.entries(migrations)) await writeFile(join(dir, 'migrations', file), text);
  const [result] = await runGates(await loadProject(dir), [lintStage]);
  return result?.findings ?? [];
}

const lint = await checkStageFixtures(lintStage, lintFixtures);
const proof = await checkStageFixtures(proofStage, reversibilityFixtures, {
  exempt: (id) => !proofRules.has(id),
});
const bad = new Map([...lint.bad, ...proof.bad]);

test('each rule fires on its fixture and stays quiet on the good projects', () => {
  const reported = modelStage.loaderRules.length + modelStage.rules.length - agreementRules.size;
  assert.equal(bad.size, reported);
  for (const rule of lintRules) assert.ok(['error', 'warning'].includes(rule.severity), rule.id);
});

test('the whole gate, the proof included, is quiet on the good project', async () => {
  const [result] = await runGates(await loadProject(good), [modelStage]);
  assert.deepEqual(lines(result?.findings), []);
});

describe('the proof on a scratch database', () => {
  test('a down step that leaves an index behind is irreversible, at the -- migrate:down line', () => {
    const findings = bad.get('model/irreversible-migration') ?? [];
    assert.ok(findings.length > 0);
    for (const finding of findings) {
      assert.deepEqual(finding.location, { file: 'migrations/0004_index_members_by_email.sql', line: 6, column: 1 });
    }
    assert.match(lines(findings, 'model/irreversible-migration')[0] ?? '', /members_email/);
  });

  test('a down step that drops a column from before the migration loses data', () => {
    assert.deepEqual(
      (bad.get('model/down-loses-data') ?? [])
        .filter((finding) => finding.rule === 'model/down-loses-data')
        .map((finding) => `${finding.severity} ${formatLocation(finding.location)}`),
      ['warning migrations/0004_default_member_profile_theme.sql:6:1'],
    );
  });
});

describe('statements that lock or break a live table', () => {
  test('are reported at the statement, or at the column or constraint when the parser gives it', () => {
    assert.deepEqual(lines(bad.get('model/not-null-on-existing-table'), 'model/not-null-on-existing-table'), [
      'migrations/0005_add_member_title.sql:3:32 adds column members.title NOT NULL without a default: the statement fails as soon as the table has a row',
      'migrations/0005_add_member_title.sql:4:1 sets organisations.created_at NOT NULL: PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock, and the statement fails on any NULL',
    ]);
    assert.deepEqual(lines(bad.get('model/constraint-not-valid'), 'model/constraint-not-valid'), [
      'migrations/0005_check_member_role_length.sql:3:25 adds a CHECK constraint members_role_length to members without NOT VALID: every row is checked while writes wait',
    ]);
    assert.deepEqual(lines(bad.get('model/column-type-change'), 'model/column-type-change'), [
      'migrations/0005_change_member_role_type.sql:3:44 changes the type of members.role from text to char(6): PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock, and clients that expect the old type break',
    ]);
    assert.deepEqual(lines(bad.get('model/volatile-default'), 'model/volatile-default'), [
      'migrations/0005_add_member_token.sql:3:32 adds column members.token with the volatile default gen_random_uuid(): PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock',
    ]);
  });

  test('CONCURRENTLY is required on live tables, and refused inside a transaction', () => {
    assert.deepEqual(lines(bad.get('model/index-not-concurrent'), 'model/index-not-concurrent'), [
      'migrations/0005_index_members_by_email.sql:3:1 creates index members_email on members without CONCURRENTLY: writes to the table wait until it is built',
    ]);
    assert.deepEqual(lines(bad.get('model/concurrently-in-transaction'), 'model/concurrently-in-transaction'), [
      'migrations/0005_index_members_by_email.sql:2:1 0005_index_members_by_email.sql runs in a transaction, where PostgreSQL refuses CONCURRENTLY: the migration fails',
    ]);
  });

  test('a table created in the same migration is exempt; one from an earlier migration is not', async () => {
    const sameMigration = await lintWith({
      '0005_create_tags.sql':
        '-- migrate:up\ncreate table tags (id uuid primary key, organisation_id uuid not null);\n' +
        'alter table tags add column name text not null;\nalter table tags alter column name type bytea using name::bytea;\n' +
        'alter table tags add constraint tags_organisation_id_fkey foreign key (organisation_id) references organisations (id);\n' +
        'create index tags_organisation_id on tags (organisation_id);\nalter table tags rename column name to label;\n' +
        'alter table tags drop column label;\n-- migrate:down\ndrop table tags;\n',
    });
    assert.deepEqual(lines(sameMigration), []);
    const nextMigration = await lintWith({
      '0005_create_tags.sql':
        '-- migrate:up\ncreate table tags (id uuid primary key, name text);\n-- migrate:down\ndrop table tags;\n',
      '0006_require_tag_names.sql':
        "-- migrate:up\nset lock_timeout = '5s';\nalter table tags alter column name set not null;\n-- migrate:down\nalter table tags alter column name drop not null;\n",
    });
    assert.deepEqual(lines(nextMigration), [
      'model/not-null-on-existing-table migrations/0006_require_tag_names.sql:3:1 sets tags.name NOT NULL: PostgreSQL scans the whole table under an ACCESS EXCLUSIVE lock, and the statement fails on any NULL',
    ]);
  });

  test('lock_timeout counts only when set before the statement, and not to 0', async () => {
    const findings = await lintWith({
      '0005_late_timeout.sql':
        "-- migrate:up\nalter table members add column bio text;\nset lock_timeout = '5s';\nalter table members add column motto text;\nset lock_timeout = 0;\nalter table members add column pronouns text;\n" +
        '-- migrate:down\nalter table members drop column pronouns, drop column motto, drop column bio;\n',
    });
    assert.deepEqual(lines(findings, 'model/missing-lock-timeout'), [
      'migrations/0005_late_timeout.sql:2:1 locks members with no lock_timeout set earlier in the migration',
      'migrations/0005_late_timeout.sql:6:1 locks members with no lock_timeout set earlier in the migration',
    ]);
  });

  test('widening a varchar is not a type change; narrowing it is', async () => {
    const findings = await lintWith({
      '0005_create_tags.sql':
        '-- migrate:up\n-- keel:allow model/varchar-length the legacy importer needs it\ncreate table tags (id uuid primary key, name varchar(20));\n-- migrate:down\ndrop table tags;\n',
      '0006_widen_tag_names.sql':
        "-- migrate:up\nset lock_timeout = '5s';\nalter table tags alter column name type text;\n-- migrate:down\nalter table tags alter column name type varchar(20);\n",
      '0007_narrow_tag_names.sql':
        "-- migrate:up\nset lock_timeout = '5s';\n-- keel:allow model/varchar-length the legacy importer needs it\nalter table tags alter column name type varchar(10);\n-- migrate:down\nalter table tags alter column name type text;\n",
    });
    assert.deepEqual(lines(findings, 'model/column-type-change'), [
      'migrations/0007_narrow_tag_names.sql:4:41 changes the type of tags.name from text to varchar(10): PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock, and clients that expect the old type break',
    ]);
  });
});

describe('keys, types and indexes', () => {
  test('the type rules point at the type as written', () => {
    assert.deepEqual(lines(bad.get('model/serial-key'), 'model/serial-key'), [
      'migrations/0005_create_tags.sql:3:6 tags.id is bigserial: serial makes a sequence the column does not own for grants, dumps and identity semantics; identity belongs here',
    ]);
    assert.deepEqual(lines(bad.get('model/int-key'), 'model/int-key'), [
      'migrations/0005_create_tags.sql:3:3 tags.id is integer and a primary key: it runs out at 2,147,483,647',
    ]);
    assert.deepEqual(lines(bad.get('model/varchar-length'), 'model/varchar-length'), [
      'migrations/0005_create_tags.sql:4:8 tags.name is varchar(40): shortening its length later is a type change that rewrites the table',
    ]);
  });

  test('foreign keys need an index led by their columns, from any migration; covered indexes are reported', async () => {
    assert.deepEqual(lines(bad.get('model/foreign-key-without-index'), 'model/foreign-key-without-index'), [
      'migrations/0005_create_invitations.sql:4:33 foreign key invitations (organisation_id) → organisations has no index that starts with its column',
    ]);
    assert.deepEqual(lines(bad.get('model/duplicate-index'), 'model/duplicate-index'), [
      'migrations/0005_create_tags.sql:7:1 index tags_organisation_id (organisation_id) on tags is covered by index tags_organisation_id_name (organisation_id, name)',
    ]);
    const indexedLater = await lintWith({
      '0005_create_invitations.sql':
        '-- migrate:up\ncreate table invitations (id uuid primary key, organisation_id uuid not null references organisations (id), email text not null);\n-- migrate:down\ndrop table invitations;\n',
      '0006_index_invitations.sql':
        '-- keel:no-transaction\n-- migrate:up\ncreate unique index concurrently invitations_organisation_id_email on invitations (organisation_id, email);\n' +
        'create index concurrently invitations_organisation_id on invitations (organisation_id);\n' +
        '-- migrate:down\ndrop index concurrently invitations_organisation_id;\ndrop index concurrently invitations_organisation_id_email;\n',
    });
    // The unique index, created later, serves the foreign key; it also makes the shorter plain index redundant.
    assert.deepEqual(lines(indexedLater), [
      'model/duplicate-index migrations/0006_index_invitations.sql:4:1 index invitations_organisation_id (organisation_id) on invitations is covered by index invitations_organisation_id_email (organisation_id, email)',
    ]);
  });
});

describe('allow comments', () => {
  test('an allow with a reason turns the finding into an info that shows the reason', () => {
    assert.deepEqual(lines(bad.get('model/allowed')), [
      'model/allowed migrations/0005_drop_member_profile.sql:5:1 model/destructive-change allowed (unread since release 1.3): drops column members.profile: its values are lost, and clients that still read it break',
    ]);
    assert.equal(bad.get('model/allowed')?.[0]?.severity, 'info');
  });

  test('an allow without a reason is a finding of its own, and accepts nothing', () => {
    assert.deepEqual(lines(bad.get('model/allow-without-reason')), [
      'model/allow-without-reason migrations/0005_drop_member_profile.sql:3:1 -- keel:allow model/destructive-change gives no reason: it is ignored, and the finding stands',
      'model/destructive-change migrations/0005_drop_member_profile.sql:4:1 drops column members.profile: its values are lost, and clients that still read it break',
    ]);
  });

  test('an allow applies to the next statement only; stray and misspelt allows are reported', async () => {
    const findings = await lintWith({
      '0005_drop_member_columns.sql':
        "-- migrate:up\nset lock_timeout = '5s';\n-- keel:allow model/destructive-change unread since 1.3\nalter table members drop column profile;\n" +
        'alter table members drop column role;\n-- keel:allow model/renames typo\nselect 1;\n-- keel:allow model/rename nothing follows\n' +
        "-- migrate:down\nalter table members add column role text not null default 'member';\nalter table members add column profile jsonb not null default '{}';\n",
    });
    assert.deepEqual(lines(findings), [
      'model/destructive-change migrations/0005_drop_member_columns.sql:5:1 drops column members.role: its values are lost, and clients that still read it break',
      'model/unused-allow migrations/0005_drop_member_columns.sql:6:1 -- keel:allow model/renames: no migration lint rule has that id',
      "model/unused-allow migrations/0005_drop_member_columns.sql:8:1 -- keel:allow model/rename comes after the section's last statement and accepts nothing",
      'model/allowed migrations/0005_drop_member_columns.sql:4:1 model/destructive-change allowed (unread since 1.3): drops column members.profile: its values are lost, and clients that still read it break',
    ]);
  });
});

describe('the migrations as files and SQL', () => {
  test('SQL that does not parse is reported where the parser stopped; a misnamed file by name', () => {
    assert.deepEqual(lines(bad.get('model/sql-syntax')), [
      'model/sql-syntax migrations/0005_add_member_bio.sql:3:35 syntax error at or near "text"',
    ]);
    assert.deepEqual(lines(bad.get('model/migration-file')), [
      'model/migration-file migrations/0005-add-member-bio.sql the name must be NNNN_name.sql: at least 4 digits, an underscore, then a-z, 0-9 and _',
    ]);
  });

  test('the model replays the migrations: renames, dropped indexes and indexes attached as constraints', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keel-model-'));
    scratch.push(dir);
    await cp(good, dir, { recursive: true });
    await writeFile(
      join(dir, 'migrations', '0005_rework_members.sql'),
      "-- migrate:up\nset lock_timeout = '5s';\nalter table members rename column email to address;\ndrop index members_organisation_id_created_at;\n" +
        'create unique index members_address on members (address);\nalter table members add constraint members_address_key unique using index members_address;\n' +
        '-- migrate:down\nselect 1;\n',
    );
    const { model } = await createCheckContext(await loadProject(dir)).loaded(modelStage);
    const members = model?.tables.find((table) => table.name === 'members');
    assert.deepEqual(
      members?.columns.map((column) => `${column.name} ${column.type.text}`),
      ['id bigint', 'organisation_id uuid', 'address text', 'role text', 'profile jsonb', 'created_at timestamptz'],
    );
    assert.deepEqual(
      members?.indexes.map(
        (index) => `${index.origin} ${index.name} (${index.keys.map((key) => key.text).join(', ')})`,
      ),
      [
        'primary key members_pkey (id)',
        'unique members_organisation_id_email_key (organisation_id, address)',
        'unique members_address_key (address)',
      ],
    );
    assert.deepEqual(
      members?.foreignKeys.map((key) => `${key.name} ${key.columns.join()} → ${key.references}`),
      ['members_organisation_id_fkey organisation_id → organisations'],
    );
  });
});

test('the stage traces migrations to the tables they create, and reads the migrations and seeds', async () => {
  const project = await loadProject(good);
  const { model } = await createCheckContext(project).loaded(modelStage);
  assert.ok(model !== undefined);
  const nodes = modelStage.trace?.(model) ?? [];
  assert.deepEqual(
    nodes.map(
      (node) =>
        `${node.kind} ${node.id} ${formatLocation(node.at)} ${node.links.map((link) => `${link.relation} ${link.to}`).join(', ')}`,
    ),
    [
      'table organisations migrations/0001_create_organisations.sql:3:1 ',
      'table members migrations/0002_create_members.sql:3:1 ',
      'migration M-0001 migrations/0001_create_organisations.sql:1:1 creates organisations',
      'migration M-0002 migrations/0002_create_members.sql:1:1 creates members',
      'migration M-0003 migrations/0003_check_member_email_lower_case.sql:1:1 ',
      'migration M-0004 migrations/0004_index_members_by_join_date.sql:1:1 ',
    ],
  );
  assert.deepEqual(modelStage.artifacts(project), ['migrations']);
  assert.deepEqual(modelStage.inputs(project), ['migrations/*.sql', 'seeds/*.sql', 'queries.yaml']);
});

test('the flagship’s migrations pass the gate with no finding', async () => {
  // Every stage, so that keel.yaml's overrides of other stages' rules are known.
  const [result] = await runGates(await loadProject(flagship), [modelStage], stages);
  assert.deepEqual(lines(result?.findings), []);
});
