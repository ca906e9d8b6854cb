import type { LoaderRule } from '../journey/stage.ts';

/** The loader's rule for migration files: names, markers and versions as `keel db migrate` requires them. */
export const migrationFileRule: LoaderRule = {
  id: 'model/migration-file',
  severity: 'error',
  summary:
    'Every migration file is named NNNN_name.sql, has a -- migrate:up and a -- migrate:down section, and its own version.',
  fix: 'Correct the file at the line given (docs/database.md shows the format).',
};

/** The loader's rule for SQL: each section parses with PostgreSQL's own parser. */
export const sqlSyntaxRule: LoaderRule = {
  id: 'model/sql-syntax',
  severity: 'error',
  summary: 'Each section of each migration parses as PostgreSQL SQL.',
  fix: 'Correct the SQL at the line and column given; the rest of the section is checked once it parses.',
};
