export { newApiKey, apiKeyHash, type NewApiKey } from './api-key.ts';
export { createApiKeyVerifier, type ApiKeyLookup, type StoredApiKey } from './api-key-verifier.ts';
export { createAuthenticator, type Authenticator, type AuthenticatorOptions } from './authenticator.ts';
export type {
  ApiKeyCredential,
  AuthenticationFailure,
  AuthenticationResult,
  AuthenticationSuccess,
  Credential,
  JwtCredential,
  RefusalReason,
  RequestHeaders,
} from './credential.ts';
export type { KeyLookup, ManagedKeyResolver, VerificationKey } from './jwt-key-source.ts';
export type { RevocationCheck, VerifiedTokenCacheOptions } from './jwt-verifier.ts';
export { kyselyApiKeyLookup, type ApiKeyTable } from './kysely-api-key-lookup.ts';
export {
  jwtAlgorithms,
  type ApiKeySchemeSettings,
  type AuthenticationSchemes,
  type JwtAlgorithm,
  type JwtKeySettings,
  type JwtSchemeSettings,
  type PublicKeySource,
  type RoleSourceSettings,
  type SchemeSettings,
} from './scheme-settings.ts';
