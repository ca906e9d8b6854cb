import type { ManagedFile } from '../managed-file.ts';
import type { Playbook } from '../playbook.ts';
import { renderPlaybook } from '../render-playbook.ts';
import { frontmatter } from './frontmatter.ts';

/**
 * GitHub Copilot: a prompt file per playbook (`.github/prompts/keel-<name>.prompt.md`, run as `/keel-<name>` in
 * agent mode), path-specific instructions per stage (`.github/instructions/keel-<stage>.instructions.md`, applied to
 * the stage's files through `applyTo`), and the journey in the repository-wide `.github/copilot-instructions.md`.
 */
export function copilotFiles(playbooks: readonly Playbook[]): ManagedFile[] {
  const files: ManagedFile[] = [];
  for (const playbook of playbooks) {
    files.push({
      path: `.github/prompts/keel-${playbook.name}.prompt.md`,
      parts: [
        frontmatter({ description: playbook.description, agent: 'agent' }),
        { region: 'playbook', style: 'html', content: renderPlaybook(playbook) },
      ],
      intoExisting: 'skip',
    });
    if (playbook.name === 'journey') continue;
    files.push({
      path: `.github/instructions/keel-${playbook.name}.instructions.md`,
      parts: [
        frontmatter({ applyTo: playbook.appliesTo.join(','), description: playbook.description }),
        { region: 'playbook', style: 'html', content: renderPlaybook(playbook) },
      ],
      intoExisting: 'skip',
    });
  }
  const journey = playbooks.find((playbook) => playbook.name === 'journey');
  if (journey !== undefined) {
    files.push({
      path: '.github/copilot-instructions.md',
      parts: [{ region: 'journey', style: 'html', content: renderPlaybook(journey, { headingLevel: 2 }) }],
      intoExisting: 'append',
    });
  }
  return files;
}
