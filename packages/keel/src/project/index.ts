export {
  defaultRuntimeConfig,
  type DemoConfig,
  type DemoPrincipal,
  keelConfigSchema,
  type KeelConfig,
  type MutationConfig,
  type RuleOverride,
  type RuntimeConfig,
  type TestsConfig,
} from './keel-config.ts';
export { loadProject, type Project } from './load-project.ts';
