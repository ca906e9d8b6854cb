import { stringify } from 'yaml';

/** A YAML front matter block (`---` … `---`), quoted wherever YAML needs it; keys in the order given. */
export function frontmatter(fields: Readonly<Record<string, string | boolean>>): string {
  return `---\n${stringify(fields, { lineWidth: 0 })}---\n\n`;
}
