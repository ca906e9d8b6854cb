import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isKeelError } from '../../errors/index.ts';
import type { CheckContext } from '../../journey/stage.ts';
import type { DataModel } from '../model-model.ts';
import { queriesFile, readQueriesDeclaration, type QueriesDeclaration } from '../plans/queries-file.ts';
import type { ModelProof } from '../prove-model.ts';

const proofs = new WeakMap<DataModel, Promise<ModelProof>>();

/**
 * The reversibility proof and the query plans, run once per model on one scratch database for the rules that report
 * them. Nothing runs unless every migration parses: otherwise `model/sql-syntax` already says what to fix first.
 */
export function modelProof(model: DataModel, context: CheckContext): Promise<ModelProof> {
  let proof = proofs.get(model);
  if (proof === undefined) {
    proof = prove(model, context);
    proofs.set(model, proof);
  }
  return proof;
}

async function prove(model: DataModel, context: CheckContext): Promise<ModelProof> {
  if (model.migrations.length === 0 || model.migrations.some((migration) => !migration.parsed)) {
    return { reversibility: [] };
  }
  const declaration = await queriesDeclaration(context);
  // Loaded on first use: the proofs need a database (PGlite, or a server) that the lint does not.
  const { proveModel } = await import('../prove-model.ts');
  return proveModel({
    migrations: model.migrations.map((migration) => migration.migration),
    declaration,
    databaseUrl: context.options.databaseUrl,
  });
}

/** queries.yaml's queries; none when the file is absent or unreadable (`model/query-plan` then reports why). */
async function queriesDeclaration(context: CheckContext): Promise<QueriesDeclaration | undefined> {
  if (!existsSync(resolve(context.project.root, queriesFile))) return undefined;
  try {
    return readQueriesDeclaration(await context.source(queriesFile));
  } catch (error) {
    if (isKeelError(error)) return undefined;
    throw error;
  }
}
