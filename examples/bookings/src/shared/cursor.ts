/**
 * Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded. Timestamps travel as PostgreSQL's
 * own text (`created_at::text`), never as a JavaScript Date, which would drop the microseconds and repeat rows.
 */
export function encodeCursor(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/**
 * A page of a keyset-paginated list: the first `limit` of `rows` (fetched with `limit + 1`, so one more tells that more
 * follow), and the cursor of its last row when they do.
 */
export function pageOf<Row, Item>(
  rows: readonly Row[],
  limit: number,
  toItem: (row: Row) => Item,
  sortKeyOf: (row: Row) => readonly string[],
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(sortKeyOf(last)) : null,
  };
}

/** A timestamp as PostgreSQL writes `timestamptz::text`. */
export const timestampText = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;
export const uuidText = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The cursor's values, or undefined when the cursor was not written by `encodeCursor` for this sort key: each value must
 * match its pattern, so a forged cursor is a 400, never a database error.
 */
export function decodeCursor(cursor: string, shape: readonly RegExp[]): string[] | undefined {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(values) || values.length !== shape.length) return undefined;
    const valid = values.every((value, index) => typeof value === 'string' && shape[index]?.test(value) === true);
    return valid ? (values as string[]) : undefined;
  } catch {
    return undefined;
  }
}
