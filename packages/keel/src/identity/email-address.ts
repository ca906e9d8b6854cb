import { KeelError } from '../errors/index.ts';

/** Deliberately loose: one @, no spaces, a dot-free local part allowed; the mailbox itself is proven by sending mail. */
const emailPattern = /^[^\s@]{1,64}@[^\s@]{1,253}$/;

/** Trims and lowercases an address, or throws KEEL_VALIDATION_FAILED for something that is not one. */
export function normaliseEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (normalised.length > 254 || !emailPattern.test(normalised)) {
    throw new KeelError('KEEL_VALIDATION_FAILED', 'The email address is not valid.', {
      fix: 'Give an address of the form name@example.com, at most 254 characters.',
    });
  }
  return normalised;
}
