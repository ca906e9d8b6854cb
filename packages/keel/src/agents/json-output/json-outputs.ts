import { checkReportSchema } from '../../journey/check-report.ts';
import { agentsInstallReportSchema, gateVerdictSchema, statusReportSchema } from '../output-schemas.ts';
import { auditOutputSchema } from './audit-output-schema.ts';
import { contractDiffOutputSchema } from './contract-diff-output-schema.ts';
import {
  dbDiffOutputSchema,
  dbMigrateOutputSchema,
  dbResetOutputSchema,
  dbRollbackOutputSchema,
  dbSeedOutputSchema,
  dbStatusOutputSchema,
} from './database-output-schemas.ts';
import { errorOutputSchema } from './error-output-schema.ts';
import { journeyOutputSchema, reportOutputSchema, traceOutputSchema } from './journey-output-schemas.ts';
import {
  agentsShowOutputSchema,
  genOutputSchema,
  initOutputSchema,
  mockOutputSchema,
  serveOutputSchema,
} from './project-output-schemas.ts';
import { rollbackOutputSchema, shipOutputSchema } from './release-output-schemas.ts';
import { reviewOutputSchema } from './review-output-schema.ts';
import { testOutputSchema } from './test-output-schema.ts';

/** A command's `--json` output and the schema it follows, published as packages/keel/schemas/<file>. */
export interface JsonOutput {
  /** The command as typed, without its arguments: `db migrate`. */
  readonly command: string;
  readonly file: string;
  readonly schema: { readonly $id: string; readonly title: string; readonly required: readonly string[] };
}

/** Every command that has `--json`, in the order docs/json-output.md lists them. */
export const jsonOutputs: readonly JsonOutput[] = [
  { command: 'status', file: 'status-report.schema.json', schema: statusReportSchema },
  { command: 'check', file: 'check-report.schema.json', schema: checkReportSchema },
  { command: 'journey', file: 'journey.schema.json', schema: journeyOutputSchema },
  { command: 'trace', file: 'trace.schema.json', schema: traceOutputSchema },
  { command: 'report', file: 'report.schema.json', schema: reportOutputSchema },
  { command: 'contract diff', file: 'contract-diff.schema.json', schema: contractDiffOutputSchema },
  { command: 'review', file: 'review.schema.json', schema: reviewOutputSchema },
  { command: 'test', file: 'test.schema.json', schema: testOutputSchema },
  { command: 'audit', file: 'audit.schema.json', schema: auditOutputSchema },
  { command: 'ship', file: 'ship.schema.json', schema: shipOutputSchema },
  { command: 'rollback', file: 'rollback.schema.json', schema: rollbackOutputSchema },
  { command: 'db migrate', file: 'db-migrate.schema.json', schema: dbMigrateOutputSchema },
  { command: 'db rollback', file: 'db-rollback.schema.json', schema: dbRollbackOutputSchema },
  { command: 'db status', file: 'db-status.schema.json', schema: dbStatusOutputSchema },
  { command: 'db seed', file: 'db-seed.schema.json', schema: dbSeedOutputSchema },
  { command: 'db reset', file: 'db-reset.schema.json', schema: dbResetOutputSchema },
  { command: 'db diff', file: 'db-diff.schema.json', schema: dbDiffOutputSchema },
  { command: 'gen', file: 'gen.schema.json', schema: genOutputSchema },
  { command: 'init', file: 'init.schema.json', schema: initOutputSchema },
  { command: 'serve', file: 'serve.schema.json', schema: serveOutputSchema },
  { command: 'mock', file: 'mock.schema.json', schema: mockOutputSchema },
  { command: 'agents install', file: 'agents-install.schema.json', schema: agentsInstallReportSchema },
  { command: 'agents show', file: 'agents-show.schema.json', schema: agentsShowOutputSchema },
  { command: 'agents gate', file: 'agents-gate.schema.json', schema: gateVerdictSchema },
];

/** What any command prints with `--json` when it fails with a Keel error. */
export const errorOutput: JsonOutput = { command: '*', file: 'error.schema.json', schema: errorOutputSchema };

/** The version in a schema's `$id` (`…/status-report.v1.schema.json` → 1). */
export function schemaVersion(schema: { readonly $id: string }): number {
  const match = /\.v(\d+)\.schema\.json$/.exec(schema.$id);
  if (match === null) throw new Error(`${schema.$id} carries no version`);
  return Number(match[1]);
}
