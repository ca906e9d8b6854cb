import type { ManagedFile } from '../managed-file.ts';
import type { Playbook } from '../playbook.ts';
import { renderPlaybook } from '../render-playbook.ts';

/**
 * Gemini CLI custom commands: `.gemini/commands/keel/<name>.toml`, run as `/keel:<name>`. TOML with `description` and
 * the required `prompt`; what the user types after the command is appended to the prompt.
 */
export function geminiCommands(playbooks: readonly Playbook[]): ManagedFile[] {
  return playbooks.map((playbook) => {
    const prompt = [
      `Work on ${playbook.name === 'journey' ? 'the Keel journey' : `the ${playbook.name} stage of the Keel journey`} in this project, following this playbook. The gate decides when it is done, not you.`,
      renderPlaybook(playbook),
    ].join('\n\n');
    return {
      path: `.gemini/commands/keel/${playbook.name}.toml`,
      parts: [
        {
          region: 'command',
          style: 'hash',
          content: `description = ${tomlString(playbook.description)}\nprompt = ${tomlMultiline(prompt)}\n`,
        },
      ],
      intoExisting: 'skip',
    };
  });
}

/** A TOML basic string. */
export function tomlString(text: string): string {
  return JSON.stringify(text); // JSON's escapes (\" \\ \n \uXXXX) are TOML basic-string escapes
}

/** A TOML multi-line basic string, readable as written: only backslashes and runs of quotes are escaped. */
export function tomlMultiline(text: string): string {
  const escaped = text.replaceAll('\\', '\\\\').replaceAll('"""', '""\\"');
  return `"""\n${escaped.endsWith('"') ? `${escaped.slice(0, -1)}\\"` : escaped}"""`;
}
