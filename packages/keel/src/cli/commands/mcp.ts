import type { Command } from 'commander';
import { loadProject } from '../../project/index.ts';

/** `keel mcp [dir]`: the Model Context Protocol server over stdio, for AI agents. */
export function registerMcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('serve Keel’s tools and the project’s artifacts to AI agents over the Model Context Protocol (stdio)')
    .argument('[dir]', 'the project folder', '.')
    .addHelpText(
      'after',
      `
Examples:
  claude mcp add keel -- npx keel mcp .          Claude Code
  {"servers": {"keel": {"command": "npx", "args": ["keel", "mcp", "."]}}}   .vscode/mcp.json (Copilot)

Tools: status, check, run_tests, run_audit, trace, contract_diff, explain_query, playbook. Resources:
keel://artifact/<path>, keel://evidence/<stage>, keel://playbook/<name>. Errors are tool results with isError and
a Keel code; long runs (check, explain_query) send progress notifications when the client asks for them.
stdout carries the protocol only: anything else Keel would print goes to stderr.`,
    )
    .action(async (dir: string) => {
      await loadProject(dir); // a wrong folder fails here, before a client connects
      // stdout is the protocol channel: a stray console.log from a dependency would corrupt it.
      console.log = console.error;
      console.info = console.error;
      console.warn = console.error;
      console.debug = console.error;
      const [{ createKeelMcpServer }, { StdioServerTransport }] = await Promise.all([
        import('../../mcp/index.ts'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
      ]);
      const server = createKeelMcpServer(dir);
      const closed = new Promise<void>((resolve) => {
        server.server.onclose = () => resolve();
      });
      await server.connect(new StdioServerTransport());
      process.stdin.on('end', () => void server.close());
      await closed;
    });
}
