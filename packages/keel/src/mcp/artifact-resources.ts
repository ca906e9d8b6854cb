import { glob, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { buildPlaybooks, renderPlaybook } from '../agents/index.ts';
import { KeelError } from '../errors/index.ts';
import { evidencePath, readEvidence } from '../journey/evidence.ts';
import { stages } from '../journey/registry.ts';
import { isStageId, stageIds } from '../journey/stage-id.ts';
import { loadProject, type Project } from '../project/index.ts';

const mimeTypes: Readonly<Record<string, string>> = {
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.json': 'application/json',
  '.sql': 'application/sql',
  '.md': 'text/markdown',
  '.ts': 'text/x-typescript',
};

/**
 * The project's artifacts (every input of every stage, and keel.yaml), each stage's evidence and the playbooks, as
 * resources: `keel://artifact/<path>`, `keel://evidence/<stage>`, `keel://playbook/<name>`. Only listed files are
 * served, so no URI reaches outside the project's artifacts.
 */
export function registerArtifactResources(server: McpServer, dir: string): void {
  server.registerResource(
    'artifact',
    new ResourceTemplate('keel://artifact/{+path}', {
      list: async () => {
        const project = await loadProject(dir);
        return {
          resources: (await artifactPaths(project)).map((path) => ({
            uri: `keel://artifact/${path}`,
            name: path,
            mimeType: mimeTypes[extname(path)] ?? 'text/plain',
          })),
        };
      },
    }),
    {
      title: 'Project artifact',
      description: 'A file of the journey: requirements, architecture, decisions, contract, migrations, access, …',
    },
    async (uri, variables) => {
      const project = await loadProject(dir);
      const path = decodeURIComponent(String(variables['path']));
      if (!(await artifactPaths(project)).includes(path)) {
        throw new KeelError('KEEL_FILE_NOT_FOUND', `${path} is not an artifact of this project`, {
          fix: 'List the resources (resources/list) and read one of the keel://artifact/ URIs given.',
        });
      }
      const text = await readFile(join(project.root, path), 'utf8');
      return { contents: [{ uri: uri.href, mimeType: mimeTypes[extname(path)] ?? 'text/plain', text }] };
    },
  );

  server.registerResource(
    'evidence',
    new ResourceTemplate('keel://evidence/{stage}', {
      list: async () => {
        const project = await loadProject(dir);
        const present = await Promise.all(
          stageIds.map(async (stage) => ((await readEvidence(project, stage)) === undefined ? [] : [stage])),
        );
        return {
          resources: present.flat().map((stage) => ({
            uri: `keel://evidence/${stage}`,
            name: `${stage} evidence`,
            mimeType: 'application/json',
          })),
        };
      },
    }),
    {
      title: 'Stage evidence',
      description: 'What a gate checked (input hashes), by which Keel, at which commit, with what result.',
    },
    async (uri, variables) => {
      const project = await loadProject(dir);
      const stage = String(variables['stage']);
      const evidence = isStageId(stage) ? await readEvidence(project, stage) : undefined;
      if (evidence === undefined) {
        throw new KeelError(
          'KEEL_FILE_NOT_FOUND',
          `no evidence for ${stage}: ${evidencePath(project, stage as never)} is absent`,
          {
            fix: `Run the check tool (or \`keel check ${stage}\`) first.`,
          },
        );
      }
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(evidence, null, 2) }] };
    },
  );

  server.registerResource(
    'playbook',
    new ResourceTemplate('keel://playbook/{name}', {
      list: async () => {
        const playbooks = buildPlaybooks(await loadProject(dir), stages);
        return {
          resources: playbooks.map((playbook) => ({
            uri: `keel://playbook/${playbook.name}`,
            name: `keel-${playbook.name}`,
            description: playbook.description,
            mimeType: 'text/markdown',
          })),
        };
      },
    }),
    { title: 'Playbook', description: 'A stage’s playbook for agents, as `keel agents install` writes it.' },
    async (uri, variables) => {
      const { findPlaybook } = await import('../agents/index.ts');
      const playbook = findPlaybook(buildPlaybooks(await loadProject(dir), stages), String(variables['name']));
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text: renderPlaybook(playbook) }] };
    },
  );
}

/** keel.yaml and every input of every stage this Keel checks, relative to the root, sorted. */
async function artifactPaths(project: Project): Promise<string[]> {
  const patterns = ['keel.yaml', ...stages.flatMap((stage) => stage.inputs(project))];
  const paths = new Set<string>();
  for await (const path of glob(patterns, {
    cwd: project.root,
    exclude: ['**/node_modules/**', '.keel/**', '.git/**'],
  })) {
    paths.add(path.split('\\').join('/'));
  }
  return [...paths].sort();
}
