export { apiKeyPrefixLength, issueApiKey, presentedApiKeyHash, type IssuedApiKey } from './api-key.ts';
export { apiKeyHandlers, recordApiKeyUse } from './api-key-handlers.ts';
