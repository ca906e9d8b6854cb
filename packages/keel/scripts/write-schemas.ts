import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { accessSchema, accessTestSchema } from '../src/access/access-schema.ts';
import { agentsInstallReportSchema, gateVerdictSchema, statusReportSchema } from '../src/agents/output-schemas.ts';
import { architectureSchema } from '../src/architecture/architecture-schema.ts';
import { checkReportSchema } from '../src/journey/check-report.ts';
import { requirementsSchema } from '../src/requirements/requirements-schema.ts';

/** The published JSON Schemas of Keel's artifacts, generated from the schemas the gates validate with. */
const schemas: Readonly<Record<string, unknown>> = {
  'requirements.schema.json': requirementsSchema,
  'architecture.schema.json': architectureSchema,
  'check-report.schema.json': checkReportSchema,
  'access.schema.json': accessSchema,
  'access-test.schema.json': accessTestSchema,
  'status-report.schema.json': statusReportSchema,
  'agents-gate.schema.json': gateVerdictSchema,
  'agents-install.schema.json': agentsInstallReportSchema,
};

for (const [name, schema] of Object.entries(schemas)) {
  const path = fileURLToPath(new URL(`../schemas/${name}`, import.meta.url));
  const options = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(JSON.stringify(schema), { ...options, filepath: path }));
}
