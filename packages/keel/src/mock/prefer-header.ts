/**
 * The preferences of a `Prefer` header (RFC 7240): `token [= word] *(; parameter)`, comma-separated, names
 * case-insensitive, values tokens or quoted strings. Parameters are ignored; the first occurrence of a name wins.
 *
 * @example
 * parsePrefer('code=404, example="not found"'); // Map { 'code' => '404', 'example' => 'not found' }
 */
export function parsePrefer(header: string | readonly string[] | undefined): ReadonlyMap<string, string> {
  const preferences = new Map<string, string>();
  if (header === undefined) return preferences;
  const text = typeof header === 'string' ? header : header.join(',');
  for (const preference of splitOutsideQuotes(text, ',')) {
    const [head = ''] = splitOutsideQuotes(preference, ';');
    const equals = head.indexOf('=');
    const name = (equals === -1 ? head : head.slice(0, equals)).trim().toLowerCase();
    if (name === '' || preferences.has(name)) continue;
    preferences.set(name, equals === -1 ? '' : unquote(head.slice(equals + 1).trim()));
  }
  return preferences;
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (quoted && char === '\\') {
      current += char + (text[index + 1] ?? '');
      index++;
      continue;
    }
    if (char === '"') quoted = !quoted;
    if (char === separator && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts;
}

function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value.slice(1, -1).replace(/\\(.)/g, '$1');
}
