export { createMockApp, type CreateMockAppOptions } from './create-mock-app.ts';
export { generateFromSchema, type GenerateOptions } from './generate-from-schema.ts';
export { mockHandlers, type MockSettings } from './mock-handlers.ts';
export { parsePrefer } from './prefer-header.ts';
export { hashSeed, seededRandom, type Random } from './seeded-random.ts';
