import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { accessSchema, accessTestSchema } from '../src/access/access-schema.ts';
import { errorOutput, jsonOutputs } from '../src/agents/json-output/json-outputs.ts';
import { architectureSchema } from '../src/architecture/architecture-schema.ts';
import { requirementsSchema } from '../src/requirements/requirements-schema.ts';

/**
 * The published JSON Schemas: Keel's artifacts, generated from the schemas the gates validate with, and every
 * command's `--json` output (docs/json-output.md).
 */
const schemas: Readonly<Record<string, unknown>> = {
  'requirements.schema.json': requirementsSchema,
  'architecture.schema.json': architectureSchema,
  'access.schema.json': accessSchema,
  'access-test.schema.json': accessTestSchema,
  ...Object.fromEntries([...jsonOutputs, errorOutput].map((output) => [output.file, output.schema])),
};

for (const [name, schema] of Object.entries(schemas)) {
  const path = fileURLToPath(new URL(`../schemas/${name}`, import.meta.url));
  const options = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(JSON.stringify(schema), { ...options, filepath: path }));
}
