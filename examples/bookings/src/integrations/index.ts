export { apiKeyPrefixLength, issueApiKey, presentedApiKeyHash, type IssuedApiKey } from './api-key.ts';
