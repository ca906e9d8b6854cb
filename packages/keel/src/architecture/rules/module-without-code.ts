import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Rule } from '../../journey/stage.ts';
import type { Architecture } from '../architecture-model.ts';

/** `architecture/module-without-code`: every path of every module exists (a warning: code may come later). */
export const moduleWithoutCode: Rule<Architecture> = {
  id: 'architecture/module-without-code',
  severity: 'warning',
  summary: 'Each module’s paths exist.',
  fix: 'Create the module’s folder when its code is written, or correct `paths` (the default is `src/<name>`).',
  run(model, context) {
    return model.modules.flatMap((module) =>
      module.paths
        .filter((path) => !existsSync(resolve(context.project.root, path.value)))
        .map((path) => ({
          message: `module ${module.name} has no code at ${path.value}${module.pathsDeclared ? '' : ' (its default path)'}`,
          at: path.at,
        })),
    );
  },
};
