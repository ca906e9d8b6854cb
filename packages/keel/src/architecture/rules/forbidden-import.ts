import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { Architecture } from '../architecture-model.ts';
import { cruiseImports } from '../cruise-imports.ts';
import { importPositions } from '../import-positions.ts';
import { moduleOfFile } from '../module-of-file.ts';

/**
 * `architecture/forbidden-import`: the code under a module's paths imports another module's files only when its
 * `dependsOn` lists that module. Type-only imports count: they couple modules as much as any.
 */
export const forbiddenImport: Rule<Architecture> = {
  id: 'architecture/forbidden-import',
  severity: 'error',
  summary: 'The code imports across modules only where `dependsOn` allows.',
  fix: 'Import through a module this one may depend on, move the code to the module that owns it, or, if the dependency is intended, add it to `dependsOn` in architecture.yaml.',
  async run(model, context) {
    const root = context.project.root;
    let imports: Awaited<ReturnType<typeof cruiseImports>>;
    try {
      imports = await cruiseImports(
        root,
        model.modules.flatMap((module) => module.paths.map((path) => path.value)),
      );
    } catch (error) {
      // A gate that cannot check the imports must not pass as if it had.
      return [
        {
          message: `the imports could not be read: ${error instanceof Error ? error.message : String(error)}`,
          at: { file: model.file },
          fix: 'Correct the source file or tsconfig.json the message names, then run the check again.',
        },
      ];
    }
    const issues: Issue[] = [];
    const texts = new Map<string, Promise<string>>();
    for (const { from, to, specifier } of imports) {
      const importer = moduleOfFile(model.modules, from);
      const imported = moduleOfFile(model.modules, to);
      if (importer === undefined || imported === undefined || importer.name === imported.name) continue;
      if (importer.dependsOn.some((entry) => entry.value === imported.name)) continue;
      let text = texts.get(from);
      if (text === undefined) {
        text = readFile(resolve(root, from), 'utf8');
        texts.set(from, text);
      }
      const allowed = importer.dependsOn.map((entry) => entry.value);
      const message =
        `module ${importer.name} imports ${to} of module ${imported.name}, which it may not depend on ` +
        (allowed.length === 0 ? `(${importer.name} depends on no module)` : `(it may depend on ${allowed.join(', ')})`);
      const positions = await importPositions(await text, from, specifier);
      if (positions.length === 0) issues.push({ message, at: { file: from } });
      for (const at of positions) issues.push({ message, at: { file: from, ...at } });
    }
    return issues;
  },
};
