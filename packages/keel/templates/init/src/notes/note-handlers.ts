import type { TypedHandlers } from 'keel';
import type { Generated, Selectable } from 'kysely';
import type { operations } from '../generated/openapi.ts';

/** The tables this module reads and writes, as Kysely sees them. */
export interface NotesDatabase {
  notes: { id: Generated<string>; text: string; created_at: Generated<Date> };
}

const toNote = (row: Selectable<NotesDatabase['notes']>) => ({
  id: row.id,
  text: row.text,
  createdAt: row.created_at.toISOString(),
});

export const noteHandlers = {
  async createNote({ body, db }) {
    const row = await db.insertInto('notes').values({ text: body.text }).returningAll().executeTakeFirstOrThrow();
    return { status: 201, body: toNote(row) };
  },
  async getNote({ params, db, problem }) {
    const row = await db.selectFrom('notes').selectAll().where('id', '=', params.noteId).executeTakeFirst();
    if (row === undefined) return problem(404, 'KEEL_NOT_FOUND', `No note has the id ${params.noteId}.`);
    return { status: 200, body: toNote(row) };
  },
} satisfies Pick<TypedHandlers<operations, NotesDatabase>, 'createNote' | 'getNote'>;
