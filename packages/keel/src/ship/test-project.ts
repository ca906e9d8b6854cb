import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A small project for the ship tests, in a temporary git repository: `items` with a name, served by plain-JavaScript
 * handlers. `release2` adds a nullable `colour` (an additive, expand-only change) and serves it.
 */
export interface ShopProject {
  readonly root: string;
  write(path: string, content: string): Promise<void>;
  remove(path: string): Promise<void>;
  commit(message: string): void;
  cleanup(): Promise<void>;
}

export async function createShopProject(): Promise<ShopProject> {
  const root = await mkdtemp(join(tmpdir(), 'keel-ship-'));
  const project: ShopProject = {
    root,
    async write(path, content) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    },
    async remove(path) {
      await rm(join(root, path), { recursive: true, force: true });
    },
    commit(message) {
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '-m', message);
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  git(root, 'init', '-q', '-b', 'main');
  git(root, 'config', 'user.email', 'ship@example.test');
  git(root, 'config', 'user.name', 'Ship Test');
  await project.write('.gitignore', '.keel/\n');
  // Rate limits off: the drill's client is one caller sending far more than a public caller may.
  await project.write(
    'keel.yaml',
    'name: shop\nhandlers: handlers.mjs\nruntime:\n  rateLimits: { read: "off", write: "off", public: "off" }\n',
  );
  await project.write('package.json', '{ "name": "shop", "private": true, "type": "module" }\n');
  await project.write('package-lock.json', '{ "name": "shop", "lockfileVersion": 3, "packages": {} }\n');
  await project.write('openapi.yaml', contract('1.0.0', false));
  await project.write('handlers.mjs', handlers(false));
  await project.write('migrations/0001_items.sql', itemsMigration);
  project.commit('release 1.0.0');
  return project;
}

/** Release 2: a nullable colour column (expand), served and accepted. */
export async function writeRelease2(project: ShopProject): Promise<void> {
  await project.write('openapi.yaml', contract('1.1.0', true));
  await project.write('handlers.mjs', handlers(true));
  await project.write('migrations/0002_item_colour.sql', colourMigration);
}

function git(root: string, ...args: string[]): void {
  execFileSync('git', args, { cwd: root, stdio: 'ignore' });
}

const itemsMigration = `-- migrate:up
create table items (
  id uuid primary key default gen_random_uuid(),
  name text not null
);

-- migrate:down
drop table items;
`;

const colourMigration = `-- migrate:up
alter table items add column colour text;

-- migrate:down
alter table items drop column colour;
`;

function handlers(colour: boolean): string {
  const columns = colour ? `['id', 'name', 'colour']` : `['id', 'name']`;
  return `/** The shop's handlers: plain JavaScript, so they load from any folder. */
export const handlers = {
  async listItems({ db }) {
    const items = await db.selectFrom('items').select(${columns}).orderBy('name').limit(50).execute();
    return { status: 200, body: { items } };
  },
  async createItem({ body, db }) {
    const row = await db.insertInto('items').values(${colour ? '{ name: body.name, colour: body.colour ?? null }' : '{ name: body.name }'}).returning(${columns}).executeTakeFirstOrThrow();
    return { status: 201, body: row };
  },
};
`;
}

function contract(version: string, colour: boolean): string {
  const colourProperty = colour ? '\n        colour:\n          type: [string, "null"]\n          maxLength: 20' : '';
  return `openapi: 3.1.0
info:
  title: Shop
  version: ${version}
paths:
  /items:
    get:
      operationId: listItems
      responses:
        '200':
          description: the items
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items:
                    type: array
                    items:
                      $ref: '#/components/schemas/Item'
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/NewItem'
      responses:
        '201':
          description: created
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
components:
  schemas:
    Item:
      type: object
      required: [id, name]
      properties:
        id:
          type: string
          format: uuid
        name:
          type: string${colourProperty}
    NewItem:
      type: object
      additionalProperties: false
      required: [name]
      properties:
        name:
          type: string
          minLength: 1
          maxLength: 50${colourProperty}
`;
}
