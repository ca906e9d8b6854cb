export {
  defaultRuntimeConfig,
  type DemoConfig,
  type DemoPrincipal,
  keelConfigSchema,
  type KeelConfig,
  type RuleOverride,
  type RuntimeConfig,
} from './keel-config.ts';
export { loadProject, type Project } from './load-project.ts';
