import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { loadProject, startDemo, type Project } from 'keel';
import { startFlagship, type Flagship } from './harness.ts';

const acme = '10000000-0000-4000-8000-000000000001';
const globex = '10000000-0000-4000-8000-000000000002';
const demoKey = { 'x-api-key': 'bk_demoLobbyDisplayOfAcmeRooms0000000000000000' };

describe('the demo: seeds/demo.sql and keel.yaml’s demo principals', () => {
  let flagship: Flagship;
  let project: Project;
  let tokens: Map<string, Record<string, string>>;

  before(async () => {
    flagship = await startFlagship('pglite');
    project = await loadProject(fileURLToPath(new URL('..', import.meta.url)));
    const demo = await startDemo(flagship.app, project);
    tokens = new Map(
      demo.credentials.map((credential) => [
        credential.label.split(',')[0] ?? '',
        { authorization: `Bearer ${credential.accessToken}` },
      ]),
    );
  });
  after(async () => {
    await flagship.close();
  });

  test('seeding again is harmless: the seeds are repeatable', async () => {
    const count = async () => (await flagship.get(`/v1/orgs/${acme}/bookings?limit=100`, demoKey)).body;
    const before = await count();
    await startDemo(flagship.app, project);
    assert.equal(await count(), before);
  });

  test('each demo principal holds the role the label says, in the organisation it names', async () => {
    const ada = tokens.get('Ada') ?? {};
    const carl = tokens.get('Carl') ?? {};
    const greta = tokens.get('Greta') ?? {};
    const nina = tokens.get('Nina') ?? {};
    assert.equal((await flagship.get(`/v1/orgs/${acme}/api-keys`, ada)).statusCode, 200, 'Ada is an admin of Acme');
    assert.equal((await flagship.get(`/v1/orgs/${acme}/api-keys`, carl)).statusCode, 403, 'Carl is a member');
    assert.equal((await flagship.get(`/v1/orgs/${acme}/bookings`, carl)).statusCode, 200);
    assert.equal((await flagship.get(`/v1/orgs/${acme}/bookings`, greta)).statusCode, 404, 'Greta is not in Acme');
    assert.equal((await flagship.get(`/v1/orgs/${globex}/api-keys`, greta)).statusCode, 200);
    assert.equal((await flagship.get(`/v1/orgs/${acme}`, nina)).statusCode, 404, 'Nina is in no organisation');
    const invitation = await flagship.post(
      `/v1/orgs/${acme}/invitations/30000000-0000-4000-8000-000000000001/acceptance`,
      {},
      nina,
    );
    assert.equal(invitation.statusCode, 200, invitation.body);
  });

  test('the coming weeks hold bookings, and the demo API key reads them', async () => {
    const page = await flagship.get(`/v1/orgs/${acme}/bookings?status=confirmed&limit=100`, demoKey);
    assert.equal(page.statusCode, 200, page.body);
    const items = page.json<{ items: { startsAt: string }[] }>().items;
    assert.ok(items.length > 20, `${items.length} bookings`);
    assert.ok(items.every((booking) => Date.parse(booking.startsAt) > Date.now()));
  });
});
