export { defaultRuntimeConfig, keelConfigSchema, type KeelConfig, type RuntimeConfig } from './keel-config.ts';
export { loadProject, type Project } from './load-project.ts';
