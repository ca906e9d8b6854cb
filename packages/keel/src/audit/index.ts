export {
  auditSeverities,
  categoryTitles,
  failsGate,
  type AuditCategory,
  type AuditFinding,
  type AuditSeverity,
} from './audit-finding.ts';
export { auditRules, type AuditRule, type AuditRuleId } from './audit-rules.ts';
export { AuditSession, type AuditWorld } from './audit-session.ts';
export { withScratchWorld } from './audit-world.ts';
export { auditFormats, auditMarkdown, auditSarif, type AuditFormat } from './render-audit.ts';
export { auditWorld, runAudit, type AuditRun, type AuditSettings } from './run-audit.ts';
export { httpTransport, injectTransport, type AuditRequest, type AuditResponse, type Transport } from './transport.ts';
export { regressionTestFolder, verifyAuditFindings, writeRegressionTests } from './regression-tests.ts';
export { securityStage } from './audit-stage.ts';
export type { AuditCheckOptions, SecurityModel } from './audit-model.ts';
