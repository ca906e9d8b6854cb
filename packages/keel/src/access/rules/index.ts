import type { Rule } from '../../journey/stage.ts';
import type { AccessModel } from '../access-model.ts';
import { appRoleUnsafe } from './app-role-unsafe.ts';
import { conditionInvalidSql } from './condition-invalid-sql.ts';
import { jwtAlgorithms } from './jwt-algorithms.ts';
import { missingObjectRule } from './missing-object-rule.ts';
import { outsiderInTenant } from './outsider-in-tenant.ts';
import { operationWithoutRule } from './operation-without-rule.ts';
import { policyDrift } from './policy-drift.ts';
import { policyTestFailed } from './policy-test-failed.ts';
import { privilegedOperation } from './privileged-operation.ts';
import { publicWrite } from './public-write.ts';
import { roleEscalation } from './role-escalation.ts';
import { rlsNotEnabled } from './rls-not-enabled.ts';
import { roleNotActor } from './role-not-actor.ts';
import { securityMismatch } from './security-mismatch.ts';
import { sensitiveFieldReadable } from './sensitive-field-readable.ts';
import { tenantTableWithoutRule } from './tenant-table-without-rule.ts';
import { undeclaredRole } from './undeclared-role.ts';
import { unknownColumn } from './unknown-column.ts';
import { unknownField } from './unknown-field.ts';
import { unknownOperation } from './unknown-operation.ts';
import { unknownParameter } from './unknown-parameter.ts';
import { untestedAllow } from './untested-allow.ts';

/** The design review of access.yaml (the static part of stage 5's gate). */
export const accessRules: readonly Rule<AccessModel>[] = [
  operationWithoutRule,
  unknownOperation,
  roleNotActor,
  undeclaredRole,
  publicWrite,
  missingObjectRule,
  outsiderInTenant,
  unknownColumn,
  unknownParameter,
  privilegedOperation,
  roleEscalation,
  sensitiveFieldReadable,
  unknownField,
  securityMismatch,
  tenantTableWithoutRule,
  jwtAlgorithms,
  policyTestFailed,
  untestedAllow,
  // Against the migrated scratch database.
  rlsNotEnabled,
  policyDrift,
  appRoleUnsafe,
  conditionInvalidSql,
];

export { sensitiveFieldNames } from './sensitive-field-readable.ts';
export { privilegeOf } from './privileged-operation.ts';
