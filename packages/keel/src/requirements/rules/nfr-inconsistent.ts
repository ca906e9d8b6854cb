import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { nfrKinds, toBaseUnit } from '../nfr-quantity.ts';
import type { NonFunctionalRequirement, NonFunctionalTarget, Requirements } from '../requirements-model.ts';

/**
 * `requirements/nfr-inconsistent`: targets that cannot all hold. Percentiles never decrease, an availability is at
 * most 100 %, a throughput's peak is at least its target, and no target is negative (nor zero, but for a retention).
 */
export const nfrInconsistent: Rule<Requirements> = {
  id: 'requirements/nfr-inconsistent',
  severity: 'error',
  summary:
    'Targets can all hold: percentiles do not decrease (p95 ≤ p99 ≤ max), an availability is at most 100 %, a peak is at least its target, and values are positive.',
  fix: 'Correct the numbers so that every target can be met at once.',
  run: (model) => model.nonFunctional.flatMap((requirement) => inconsistencies(requirement)),
};

function inconsistencies(requirement: NonFunctionalRequirement): Issue[] {
  const issues: Issue[] = [];
  const measured = requirement.targets.filter(
    (target): target is NonFunctionalTarget & { quantity: { value: number; unit: string } } =>
      target.quantity !== undefined,
  );
  const show = (target: (typeof measured)[number]): string =>
    `${target.measure} (${target.quantity.value} ${target.quantity.unit})`;
  for (const target of measured) {
    const { value } = target.quantity;
    if (value < 0 || (value === 0 && requirement.kind !== 'retention')) {
      issues.push({
        message: `requirement ${requirement.id}: ${show(target)} must be more than zero`,
        at: target.at,
        fix: `Write the ${target.measure} the service must meet, a positive number.`,
      });
    }
  }
  const byMeasure = new Map(measured.map((target) => [target.measure, target]));
  const base = (target: (typeof measured)[number]): number => toBaseUnit(requirement.kind, target.quantity);
  if (requirement.kind === 'latency') {
    let previous: (typeof measured)[number] | undefined;
    for (const measure of nfrKinds.latency.measures) {
      const target = byMeasure.get(measure);
      if (target === undefined) continue;
      if (previous !== undefined && base(target) < base(previous)) {
        issues.push({
          message: `requirement ${requirement.id}: ${show(target)} is below ${show(previous)}, but a higher percentile is never faster`,
          at: target.at,
          fix: `Raise ${target.measure} to at least ${previous.quantity.value} ${previous.quantity.unit}, or lower ${previous.measure}.`,
        });
      }
      previous = target;
    }
  }
  const availability = requirement.kind === 'availability' ? byMeasure.get('target') : undefined;
  if (availability !== undefined && availability.quantity.value > 100) {
    issues.push({
      message: `requirement ${requirement.id}: ${show(availability)} is above 100 %`,
      at: availability.at,
      fix: 'Write the share of time the service is up, at most 100 %, e.g. 99.9 %.',
    });
  }
  const peak = requirement.kind === 'throughput' ? byMeasure.get('peak') : undefined;
  const sustained = byMeasure.get('target');
  if (peak !== undefined && sustained !== undefined && base(peak) < base(sustained)) {
    issues.push({
      message: `requirement ${requirement.id}: ${show(peak)} is below ${show(sustained)}, but a peak is at least the sustained target`,
      at: peak.at,
      fix: `Raise peak to at least ${sustained.quantity.value} ${sustained.quantity.unit}, or lower target.`,
    });
  }
  return issues;
}
