import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { keelVersion } from '../version.ts';
import { registerArtifactResources } from './artifact-resources.ts';
import { registerDesignTools } from './design-tools.ts';
import { registerGateTools } from './gate-tools.ts';

/**
 * Keel as a Model Context Protocol server for the project in `dir`: tools for the journey's status, a stage's check,
 * tests, audit, trace, contract diff, query plans and playbooks; the artifacts, evidence and playbooks as resources.
 * The project is read again on every call, so edits between calls are seen.
 *
 * @example
 * const server = createKeelMcpServer('examples/bookings');
 * await server.connect(new StdioServerTransport());
 */
export function createKeelMcpServer(dir: string): McpServer {
  const server = new McpServer(
    { name: 'keel', version: keelVersion },
    {
      instructions:
        'Keel checks this backend in nine stages. Start with the status tool; work on the first stage that is not passing, reading its playbook; a stage is done only when the check tool reports ok for it. Findings carry rule, severity, file, line and fix.',
    },
  );
  registerGateTools(server, dir);
  registerDesignTools(server, dir);
  registerArtifactResources(server, dir);
  return server;
}
