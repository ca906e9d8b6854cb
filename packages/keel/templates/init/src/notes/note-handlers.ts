import type { TypedHandlers } from 'keel';
import type { Generated, Selectable } from 'kysely';
import type { operations } from '../generated/openapi.ts';

/** The tables this module reads and writes, as Kysely sees them. */
export interface NotesDatabase {
  notes: { id: Generated<string>; text: string; created_by: string; created_at: Generated<Date> };
}

const toNote = (row: Selectable<NotesDatabase['notes']>) => ({
  id: row.id,
  text: row.text,
  createdAt: row.created_at.toISOString(),
});

export const noteHandlers = {
  async createNote({ body, db, principal, problem }) {
    // access.yaml lets only signed-in writers here, so the principal is known; the check keeps the types honest.
    if (principal?.id === undefined) return problem(401, 'KEEL_UNAUTHENTICATED', 'Sign in to write notes.');
    const row = await db
      .insertInto('notes')
      .values({ text: body.text, created_by: principal.id })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { status: 201, body: toNote(row) };
  },
  async getNote({ params, db, problem }) {
    // Row-level security (access.yaml: row.created_by = principal.id) hides other writers' notes from this query.
    const row = await db.selectFrom('notes').selectAll().where('id', '=', params.noteId).executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', `No note has the id ${params.noteId}.`);
    return { status: 200, body: toNote(row) };
  },
} satisfies Pick<TypedHandlers<operations, NotesDatabase>, 'createNote' | 'getNote'>;
