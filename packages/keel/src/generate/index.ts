export { generateContractTypes, generatedBanner } from './contract-types.ts';
export { generateDatabaseTypes } from './database-types.ts';
export { migratedCatalog } from './migrated-catalog.ts';
