#!/usr/bin/env node
import { enableCompileCache } from 'node:module';

// Keel runs from TypeScript sources: caching their compiled form makes every later start several times faster.
enableCompileCache();
// A reader that goes away (`keel status | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const { runCli } = await import('./program.ts');
process.exitCode = await runCli(process.argv.slice(2));
