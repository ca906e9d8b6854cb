import { randomBytes } from 'node:crypto';

/** `How to train your dragon` → `how-to-train-your-dragon-3f9a1c`: readable, and unique without asking the database. */
export function slugFor(title: string): string {
  const base = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 180)
    .replace(/-+$/, '');
  return `${base === '' ? 'article' : base}-${randomBytes(3).toString('hex')}`;
}
