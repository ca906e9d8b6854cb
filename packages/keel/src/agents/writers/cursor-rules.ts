import type { ManagedFile } from '../managed-file.ts';
import type { Playbook } from '../playbook.ts';
import { renderPlaybook } from '../render-playbook.ts';
import { frontmatter } from './frontmatter.ts';

/**
 * Cursor project rules: `.cursor/rules/keel-<name>.mdc`, front matter with `description` (the agent reads it to
 * decide), `globs` (attached when matching files are in context) and `alwaysApply`. The journey applies always; a
 * stage's rule attaches to its own files.
 */
export function cursorRules(playbooks: readonly Playbook[]): ManagedFile[] {
  return playbooks.map((playbook) => {
    const journey = playbook.name === 'journey';
    return {
      path: `.cursor/rules/keel-${playbook.name}.mdc`,
      parts: [
        frontmatter(
          journey
            ? { description: playbook.description, alwaysApply: true }
            : { description: playbook.description, globs: playbook.appliesTo.join(','), alwaysApply: false },
        ),
        { region: 'playbook', style: 'html', content: renderPlaybook(playbook) },
      ],
      intoExisting: 'skip',
    };
  });
}
