export { deployBundle, validateBundle } from './bundle/deploy-bundle.ts';
export { deploySettings, type DeploySettings } from './bundle/deploy-settings.ts';
export { alertRules, burnRateWindows, type PrometheusRules } from './monitoring/alert-rules.ts';
export { grafanaDashboard } from './monitoring/grafana-dashboard.ts';
export { startProductionServer, type ProductionServer, type ProductionServerOptions } from './production-server.ts';
export type { ReleaseRecord, RollbackPlan } from './release-record.ts';
export { findRelease, readReleases, type Release } from './releases.ts';
export { rollbackToRelease, type ReleaseRollback } from './rollback-to-release.ts';
export { planRelease, writeRelease, type ReleasePlan } from './ship-release.ts';
