export { generateContractTypes, generatedBanner } from './contract-types.ts';
