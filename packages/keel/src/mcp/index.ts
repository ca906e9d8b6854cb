export { createKeelMcpServer } from './create-keel-mcp-server.ts';
