import { isKeelError } from '../errors/index.ts';
import type { Project } from '../project/index.ts';
import type { StageId } from '../journey/stage-id.ts';
import { loadContract, type Contract } from './load-contract.ts';

/** What a stage that serves the API (tests, security) loads first: the contract, or why it cannot be served. */
export interface StageContract {
  readonly contract: Contract | undefined;
  readonly issues: readonly {
    readonly rule: string;
    readonly message: string;
    readonly at: { readonly file: string };
  }[];
}

/**
 * The project's contract as the runtime serves it; a contract that cannot be loaded is the stage's own
 * `<stage>/unreadable-artifact` issue (the contract stage says where and why), not an exception.
 */
export async function contractForStage(project: Project, stage: StageId): Promise<StageContract> {
  try {
    return { contract: await loadContract(project.paths.contract, project.root), issues: [] };
  } catch (error) {
    if (!isKeelError(error)) throw error;
    return {
      contract: undefined,
      issues: [{ rule: `${stage}/unreadable-artifact`, message: error.message, at: { file: project.config.contract } }],
    };
  }
}
