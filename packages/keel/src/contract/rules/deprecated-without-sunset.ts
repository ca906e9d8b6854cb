import type { Rule } from '../../journey/stage.ts';
import type { ContractModel } from '../contract-model.ts';

/** `contract/deprecated-without-sunset`: a client told an operation will go is told when. */
export const deprecatedWithoutSunset: Rule<ContractModel> = {
  id: 'contract/deprecated-without-sunset',
  severity: 'error',
  summary:
    'Every deprecated operation carries its sunset date (`x-sunset: YYYY-MM-DD`) and declares the `Sunset` header (RFC 8594) on its success responses.',
  fix: 'Add `x-sunset: 2026-12-31` to the operation and a `Sunset` header to its 2xx responses.',
  run: (model) =>
    model.operations
      .filter((operation) => operation.deprecated)
      .flatMap((operation) => {
        const sunset = operation.source.value['x-sunset'];
        const date =
          typeof sunset === 'string' ? sunset : sunset instanceof Date ? sunset.toISOString().slice(0, 10) : undefined;
        const problems: string[] = [];
        if (date === undefined || !/^\d{4}-\d{2}-\d{2}/.test(date) || Number.isNaN(Date.parse(date))) {
          problems.push('no `x-sunset` date');
        }
        const success = operation.responses.filter((response) => /^2/.test(response.status));
        if (success.length > 0 && !success.every((response) => response.headers.includes('sunset'))) {
          problems.push('no `Sunset` header on its success responses');
        }
        if (problems.length === 0) return [];
        return [
          {
            message: `${operation.name} is deprecated but has ${problems.join(' and ')}: clients cannot tell when it goes`,
            at: operation.at,
            fix: 'Add `x-sunset: YYYY-MM-DD` (the day it is removed, after the deprecation period) and a `Sunset` response header, so clients can plan the move.',
          },
        ];
      }),
};
