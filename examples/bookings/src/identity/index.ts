export { identityHandlers } from './identity-handlers.ts';
export {
  newSignInCode,
  signInCodeLifetimeMs,
  signInCodeUsable,
  type NewSignInCode,
  type StoredSignInCode,
} from './sign-in-code.ts';
