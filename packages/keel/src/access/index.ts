export { accessFacts, operationScope, type AccessFacts, type OperationFacts } from './access-facts.ts';
export { accessLoaderRules, accessSchemaRule, conditionSyntaxRule } from './access-loader-rules.ts';
export { accessMatrix } from './access-matrix.ts';
export type {
  AccessModel,
  AccessRole,
  Allowance,
  AllowanceCondition,
  ApiKeyScheme,
  AuthenticationScheme,
  FieldRule,
  JwtKeys,
  JwtScheme,
  Named,
  OperationAccess,
  PolicyTest,
  PolicyTests,
  RoleKind,
  RoleSource,
  Tenancy,
} from './access-model.ts';
export { accessSchema, accessTestSchema } from './access-schema.ts';
export { accessStage } from './access-stage.ts';
export type * from './condition-ast.ts';
export { mentionsRow, operandsOf } from './condition-ast.ts';
export { conditionToSql, type SqlTarget } from './condition-to-sql.ts';
export { evaluateCondition, type ConditionScope } from './evaluate-condition.ts';
export { parseCondition, type ConditionSyntaxError, type ParsedCondition } from './parse-condition.ts';
export { decideAccess, type AccessDecision, type AccessRequest, type OperationScope } from './decide-access.ts';
export { findRole, includedRoles, isPublicKind } from './role-graph.ts';
export { accessRules, privilegeOf, sensitiveFieldNames } from './rules/index.ts';
export { traceAccess } from './trace-access.ts';
