import { writeFile } from 'node:fs/promises';
import { stages } from '../src/journey/registry.ts';
import { renderRuleDocs } from '../src/journey/rule-docs.ts';

await writeFile(new URL('../../../docs/rules.md', import.meta.url), renderRuleDocs(stages));
