import type { Issue, Location, Severity } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import type { DataModel, ModelMigration, Statement } from '../model-model.ts';

/** What a lint rule finds: a statement (whose allow comments may accept it) and what is wrong with it. */
export interface Hit {
  /** Absent for findings no allow comment can accept (an allow comment's own problems). */
  readonly statement?: Statement;
  readonly message: string;
  /** The statement's start unless a more precise place is known (a column, a constraint). */
  readonly at?: Location;
  readonly fix?: string;
}

/** A rule of the migration lint: it finds hits, and `-- keel:allow <id> <reason>` on a statement accepts them. */
export interface LintRule extends Rule<DataModel> {
  find(model: DataModel): readonly Hit[];
}

/**
 * Makes a migration lint rule from what it finds: hits on a statement whose allow comments name the rule, with a
 * reason, are left out (the `model/allowed` rule reports them as infos).
 *
 * @example
 * export const jsonType = lintRule({ id: 'model/json-type', severity: 'warning', summary, fix, find: (model) => … });
 */
export function lintRule(definition: {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly fix: string;
  find(model: DataModel): readonly Hit[];
}): LintRule {
  return {
    ...definition,
    run: (model) =>
      definition
        .find(model)
        .filter((hit) => allowOf(hit, definition.id) === undefined)
        .map(issueOf),
  };
}

/** The reason a statement's allow comment gives for accepting a rule's hit; undefined when it is not accepted. */
export function allowOf(hit: Hit, rule: string): string | undefined {
  return hit.statement?.allows.find((allow) => allow.rule === rule && allow.reason !== '')?.reason;
}

export function issueOf(hit: Hit): Issue {
  return {
    message: hit.message,
    at: hit.at ?? hit.statement?.at ?? { file: '.' },
    ...(hit.fix === undefined ? {} : { fix: hit.fix }),
  };
}

/** Every up statement of every migration that parsed, with its migration. */
export function upStatements(
  model: DataModel,
): { readonly migration: ModelMigration; readonly statement: Statement }[] {
  return model.migrations.flatMap((migration) => migration.up.map((statement) => ({ migration, statement })));
}
