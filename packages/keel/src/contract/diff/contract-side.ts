import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { KeelError } from '../../errors/index.ts';
import { DocumentSet } from '../document-set.ts';
import type { ChangeLocation } from './change.ts';
import { materializeRevision, parseRevisionSpec } from './git-revision.ts';

/** One of the two contracts being compared: its files, and how to name a position in them. */
export interface ContractSide {
  /** As the user wrote it: `openapi.yaml`, `HEAD~3:openapi.yaml`. */
  readonly label: string;
  readonly documents: DocumentSet;
  locate(at: { readonly file: string; readonly pointer: string }): ChangeLocation;
}

export interface LoadContractSideOptions {
  /** The project folder: git revisions are read from its repository; file paths fall back to it. */
  readonly dir: string;
  /** The project's contract, for a bare `REV:`. */
  readonly defaultContract: string;
}

/**
 * Loads a contract from a file path or a git revision spec (`REV:path`). A revision's referenced files are read at
 * that same revision; positions in it show as `REV:path:line:column`.
 */
export async function loadContractSide(spec: string, options: LoadContractSideOptions): Promise<ContractSide> {
  const side = await loadSide(spec, options);
  const root = side.documents.root.value as { openapi?: unknown } | null;
  if (typeof root !== 'object' || root === null || typeof root.openapi !== 'string' || !root.openapi.startsWith('3.')) {
    throw new KeelError('KEEL_CONTRACT_INVALID', `${side.label} is not an OpenAPI 3 document (no "openapi: 3.x")`, {
      location: { file: side.label, line: 1, column: 1 },
      fix: 'Compare two OpenAPI 3.1 documents (YAML or JSON); check the path or the revision.',
    });
  }
  return side;
}

async function loadSide(spec: string, options: LoadContractSideOptions): Promise<ContractSide> {
  const asFile = [resolve(spec), resolve(options.dir, spec)].find((path) => existsSync(path));
  const revision = asFile === undefined ? parseRevisionSpec(spec) : undefined;
  if (revision === undefined) {
    const documents = await DocumentSet.load(asFile ?? resolve(spec), process.cwd());
    return {
      label: spec,
      documents,
      locate(at) {
        const where = documents.locate(at);
        // Outside the working folder, an absolute path reads better than a climb of ../
        return where.file.startsWith('..') ? { ...where, file: at.file } : where;
      },
    };
  }
  const copy = await materializeRevision(revision, options.dir, options.defaultContract);
  try {
    const documents = await DocumentSet.load(copy.file, copy.root);
    return {
      label: `${revision.revision}:${copy.repositoryPath}`,
      documents,
      locate(at) {
        const where = documents.locate(at);
        return { ...where, file: `${revision.revision}:${where.file}` };
      },
    };
  } finally {
    await rm(copy.root, { recursive: true, force: true });
  }
}
