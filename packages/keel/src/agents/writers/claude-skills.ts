import type { ManagedFile } from '../managed-file.ts';
import type { Playbook } from '../playbook.ts';
import { renderPlaybook } from '../render-playbook.ts';
import { frontmatter } from './frontmatter.ts';

/**
 * Claude Code skills: `.claude/skills/<name>/SKILL.md`, front matter with `name` (lowercase letters, digits and
 * hyphens, at most 64, the folder's name) and `description` (what it does and when to use it, which Claude reads to
 * decide when to load it), then the instructions.
 */
export function claudeSkills(playbooks: readonly Playbook[]): ManagedFile[] {
  return playbooks.map((playbook) => {
    const name = `keel-${playbook.name}`;
    return {
      path: `.claude/skills/${name}/SKILL.md`,
      parts: [
        frontmatter({ name, description: playbook.description }),
        { region: 'playbook', style: 'html', content: renderPlaybook(playbook) },
      ],
      intoExisting: 'skip',
    };
  });
}
