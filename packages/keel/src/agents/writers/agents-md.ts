import type { ManagedFile } from '../managed-file.ts';
import type { Playbook } from '../playbook.ts';
import { renderPlaybook } from '../render-playbook.ts';

/**
 * AGENTS.md (read by Codex and the many agents that follow agents.md): plain Markdown at the project root, no
 * required fields. Keel's section holds the journey and every stage, compact (the rule lists stay in
 * `keel agents show <stage>`), so the file stays short enough to be read whole.
 */
export function agentsMd(playbooks: readonly Playbook[]): ManagedFile[] {
  const sections = playbooks.map((playbook) =>
    renderPlaybook(playbook, { headingLevel: playbook.name === 'journey' ? 2 : 3, compact: true }),
  );
  return [
    {
      path: 'AGENTS.md',
      parts: [{ region: 'journey', style: 'html', content: sections.join('\n') }],
      intoExisting: 'append',
    },
  ];
}
