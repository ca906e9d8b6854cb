export {
  createIdentityProvider,
  type IdentityProvider,
  type IdentityProviderOptions,
  type IdentityUser,
  type IssuedTokens,
  type IssueTokensRequest,
} from './identity-provider.ts';
export { ensureIdentitySchema, identitySchemaSql, type IdentityTables } from './identity-schema.ts';
export {
  createPasswordHasher,
  owaspScryptParameters,
  type PasswordHasher,
  type PasswordVerification,
  type ScryptParameters,
} from './password-hasher.ts';
export { signingAlgorithm, type KeyLookup, type PublicKeySet } from './signing-keys.ts';
