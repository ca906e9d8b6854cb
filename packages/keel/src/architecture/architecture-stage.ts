import type { Stage } from '../journey/stage.ts';
import { architectureDiagram } from './architecture-diagram.ts';
import { architectureSchemaRule, decisionFrontMatterRule } from './architecture-loader-rules.ts';
import type { Architecture } from './architecture-model.ts';
import { architectureRules } from './rules/index.ts';
import { traceArchitecture } from './trace-architecture.ts';

/** Source files the import check may read, wherever the modules' paths point under `src/`. */
const sourcePatterns = ['src/**/*.ts', 'src/**/*.tsx', 'src/**/*.mts', 'src/**/*.cts', 'src/**/*.js', 'src/**/*.mjs'];

/**
 * Stage 2, architecture: `architecture.yaml` splits the code into modules that own requirement operations and may
 * import only the modules they declare; `decisions/NNNN-title.md` records each expensive-to-reverse decision with the
 * options weighed. The gate holds the code to the declared dependencies.
 *
 * @example
 * const architecture = await context.model(architectureStage); // from a later stage's rule
 * const owner = architecture?.modules.find((module) => module.owns.some((owned) => owned.value === 'R-BOOK-1'));
 */
export const architectureStage: Stage<Architecture> = {
  id: 'architecture',
  title: 'architecture',
  summary: 'The modules the code is split into, what each owns and may import, and the decisions expensive to reverse.',
  dependsOn: ['requirements'],
  artifacts: (project) => [project.config.architecture],
  inputs: (project) => [
    project.config.architecture,
    `${project.config.decisions}/*.md`,
    'tsconfig.json',
    ...sourcePatterns,
  ],
  // Loaded on first use: the Markdown parser is not needed by `keel status`, which reads every stage's metadata.
  load: async (context) => (await import('./load-architecture.ts')).loadArchitecture(context),
  loaderRules: [architectureSchemaRule, decisionFrontMatterRule],
  rules: architectureRules,
  trace: traceArchitecture,
  outputs: (model) => ({ 'architecture.mmd': architectureDiagram(model) }),
  start:
    'Write architecture.yaml (modules, what each owns and may import) and a decision record per expensive-to-reverse topic under decisions/ (see docs/architecture.md), then run `keel check architecture`.',
};
