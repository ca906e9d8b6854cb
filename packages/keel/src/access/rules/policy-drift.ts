import type { Issue } from '../../journey/finding.ts';
import { policyChanges } from '../database/policy-changes.ts';
import { accessDatabaseRule } from './access-database-rule.ts';

/** Policies that differ from access.yaml enforce another policy than the one the review approved. */
export const policyDrift = accessDatabaseRule({
  id: 'access/policy-drift',
  severity: 'error',
  summary: 'After every migration, the keel_ row-level security policies are exactly those access.yaml implies.',
  fix: 'Run `keel gen`: it writes migrations/NNNN_access_policies.sql with the policies access.yaml implies.',
  find: (model, { review, implied }) => {
    // Policies PostgreSQL refuses to create: `access/condition-invalid-sql` says why.
    if (!('policies' in review.expected)) return [];
    const changes = policyChanges(review.tables, review.policies, review.expected.policies, implied);
    const createdNames = new Set(changes.created.map((policy) => `${policy.table}.${policy.name}`));
    const at = model.tenancy?.at ?? model.at;
    const issues: Issue[] = changes.created.map((policy) => {
      const present = review.policies.some((p) => p.table === policy.table && p.name === policy.name);
      return {
        message: present
          ? `${policy.name} on ${policy.table} differs from what access.yaml implies (${policy.comment})`
          : `${policy.name} on ${policy.table} is missing: access.yaml implies it (${policy.comment})`,
        at,
      };
    });
    for (const policy of changes.dropped) {
      if (createdNames.has(`${policy.table}.${policy.name}`)) continue;
      issues.push({ message: `${policy.name} on ${policy.table} is no longer implied by access.yaml`, at });
    }
    return issues;
  },
});
