import type { Rule } from '../../journey/stage.ts';
import type { Allow, DataModel, Statement } from '../model-model.ts';
import { allowOf, issueOf, lintRule, upStatements, type Hit, type LintRule } from './lint-rule.ts';

/** `model/allow-without-reason`: every accepted risk says why. */
export const allowWithoutReason = lintRule({
  id: 'model/allow-without-reason',
  severity: 'error',
  summary: 'Every `-- keel:allow` comment names a rule and gives a reason.',
  fix: 'Write `-- keel:allow <rule-id> <reason>`, e.g. `-- keel:allow model/destructive-change the column is unread since release 1.4`; without a reason the allow is ignored.',
  find: (model) =>
    everyAllow(model)
      .filter(({ allow }) => allow.rule === '' || allow.reason === '')
      .map(({ allow }): Hit => ({
        at: allow.at,
        message:
          allow.rule === ''
            ? '-- keel:allow names no rule: it is ignored'
            : `-- keel:allow ${allow.rule} gives no reason: it is ignored, and the finding stands`,
      })),
});

/** `model/unused-allow`: every allow comment accepts a finding, so stale and misspelt ones do not pile up. */
export function unusedAllowRule(rules: readonly LintRule[]): LintRule {
  const known = new Set(rules.map((rule) => rule.id));
  return lintRule({
    id: 'model/unused-allow',
    severity: 'warning',
    summary: 'Every `-- keel:allow` comment accepts a finding of the statement after it.',
    fix: 'Remove the comment, or correct the rule id (as reports print it) or move it to the line before the statement it is about.',
    find: (model) => {
      const hits = rawHits(model, rules);
      return everyAllow(model)
        .filter(({ allow }) => allow.rule !== '' && allow.reason !== '')
        .filter(
          ({ allow, statement }) =>
            !hits.some(
              ({ rule, hit }) => rule.id === allow.rule && hit.statement === statement && statement !== undefined,
            ),
        )
        .map(({ allow, statement }): Hit => ({
          at: allow.at,
          message: !known.has(allow.rule)
            ? `-- keel:allow ${allow.rule}: no migration lint rule has that id`
            : statement === undefined
              ? `-- keel:allow ${allow.rule} comes after the section's last statement and accepts nothing`
              : `-- keel:allow ${allow.rule} accepts nothing: the next statement has no such finding`,
        }));
    },
  });
}

/** `model/allowed`: what allow comments accepted, with their reasons, as infos in every report. */
export function allowedRule(rules: readonly LintRule[]): Rule<DataModel> {
  return {
    id: 'model/allowed',
    severity: 'info',
    summary: 'A finding an allow comment accepted, shown with its reason.',
    fix: 'Nothing to do while the reason holds.',
    run: (model) =>
      rawHits(model, rules).flatMap(({ rule, hit }) => {
        const reason = allowOf(hit, rule.id);
        if (reason === undefined) return [];
        return [{ ...issueOf(hit), message: `${rule.id} allowed (${reason}): ${hit.message}` }];
      }),
  };
}

function rawHits(model: DataModel, rules: readonly LintRule[]): { readonly rule: LintRule; readonly hit: Hit }[] {
  return rules.flatMap((rule) => rule.find(model).map((hit) => ({ rule, hit })));
}

function everyAllow(model: DataModel): { readonly allow: Allow; readonly statement?: Statement }[] {
  return [
    ...upStatements(model).flatMap(({ statement }) => statement.allows.map((allow) => ({ allow, statement }))),
    ...model.migrations.flatMap((migration) => migration.strayAllows.map((allow) => ({ allow }))),
  ];
}
