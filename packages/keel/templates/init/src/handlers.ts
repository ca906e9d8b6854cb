// The composition root: one handler per operationId of openapi.yaml, typed from it (regenerate with `keel gen`).
import { defineHandlers } from 'keel';
import type { operations } from './generated/openapi.ts';
import { noteHandlers, type NotesDatabase } from './notes/note-handlers.ts';

export const handlers = defineHandlers<operations, NotesDatabase>()({
  ...noteHandlers,
});
