import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { KeelError } from '../errors/index.ts';

/** scrypt's cost: N = 2^ln, block size r, parallelism p. */
export interface ScryptParameters {
  readonly ln: number;
  readonly r: number;
  readonly p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt with N = 2^17, r = 8 (1024-byte blocks), p = 1. */
export const owaspScryptParameters: ScryptParameters = Object.freeze({ ln: 17, r: 8, p: 1 });

export interface PasswordVerification {
  readonly valid: boolean;
  /** The hash verified but was made with weaker parameters, salt or length than configured: store a new one. */
  readonly needsRehash: boolean;
}

export interface PasswordHasher {
  readonly parameters: ScryptParameters;
  /** A PHC string, `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (unpadded base64). */
  hash(password: string): Promise<string>;
  /** Never throws for a bad stored hash or password: an unknown id or a malformed string is simply not valid. */
  verify(password: string, phc: string): Promise<PasswordVerification>;
}

const saltBytes = 16;
const hashBytes = 32;
/** Longer passwords are refused before hashing, so a request cannot buy unbounded work. */
export const maxPasswordLength = 1024;
/** Stored hashes asking for more memory than this are treated as malformed rather than run. */
const maxScryptMemory = 1024 * 1024 * 1024;
const phcPattern = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/;

interface ParsedHash {
  readonly parameters: ScryptParameters;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/**
 * Password hashing with scrypt from node:crypto, stored in PHC format. Passwords are NFKC-normalised first (NIST SP
 * 800-63B), so the same password typed on different keyboards verifies.
 *
 * @example
 * const hasher = createPasswordHasher();
 * const stored = await hasher.hash('correct horse battery staple');
 * const { valid, needsRehash } = await hasher.verify('correct horse battery staple', stored);
 */
export function createPasswordHasher(parameters: ScryptParameters = owaspScryptParameters): PasswordHasher {
  if (
    parameters.ln < owaspScryptParameters.ln ||
    parameters.r < owaspScryptParameters.r ||
    parameters.p < owaspScryptParameters.p ||
    scryptMemory(parameters) > maxScryptMemory
  ) {
    throw new KeelError(
      'KEEL_CONFIG_INVALID',
      `identity: scrypt parameters ln=${parameters.ln}, r=${parameters.r}, p=${parameters.p} are weaker than OWASP's ` +
        `minimum (ln=17, r=8, p=1) or need more than 1 GiB of memory`,
      { fix: 'Use at least ln=17, r=8, p=1 (the default) and at most 1 GiB of memory (128 × 2^ln × r bytes).' },
    );
  }
  return {
    parameters,
    async hash(password) {
      const salt = randomBytes(saltBytes);
      const derived = await deriveKey(password, salt, parameters, hashBytes);
      const { ln, r, p } = parameters;
      return `$scrypt$ln=${ln},r=${r},p=${p}$${unpadded(salt)}$${unpadded(derived)}`;
    },
    async verify(password, phc) {
      const parsed = parsePhc(phc);
      if (parsed === undefined || password.length > maxPasswordLength) return { valid: false, needsRehash: false };
      const derived = await deriveKey(password, parsed.salt, parsed.parameters, parsed.hash.length);
      const valid = timingSafeEqual(derived, parsed.hash);
      const stored = parsed.parameters;
      const needsRehash =
        stored.ln < parameters.ln ||
        stored.r < parameters.r ||
        stored.p < parameters.p ||
        parsed.salt.length < saltBytes ||
        parsed.hash.length < hashBytes;
      return { valid, needsRehash: valid && needsRehash };
    },
  };
}

/** Reads a `$scrypt$…` PHC string; undefined for another algorithm, bad encoding or absurd parameters. */
export function parsePhc(phc: string): ParsedHash | undefined {
  const match = phcPattern.exec(phc);
  if (match === null) return undefined;
  const [, ln, r, p, salt, hash] = match;
  const parameters = { ln: Number(ln), r: Number(r), p: Number(p) };
  if (parameters.ln < 1 || parameters.r < 1 || parameters.p < 1 || scryptMemory(parameters) > maxScryptMemory) {
    return undefined;
  }
  const saltBuffer = Buffer.from(salt ?? '', 'base64');
  const hashBuffer = Buffer.from(hash ?? '', 'base64');
  if (hashBuffer.length < 16 || hashBuffer.length > 64) return undefined;
  return { parameters, salt: saltBuffer, hash: hashBuffer };
}

function scryptMemory({ ln, r }: ScryptParameters): number {
  return 128 * 2 ** ln * r;
}

function deriveKey(password: string, salt: Buffer, parameters: ScryptParameters, length: number): Promise<Buffer> {
  const options: ScryptOptions = {
    N: 2 ** parameters.ln,
    r: parameters.r,
    p: parameters.p,
    // Node's default ceiling is 32 MiB; N = 2^17 with r = 8 needs 128 MiB (128 × N × r), plus headroom.
    maxmem: scryptMemory(parameters) * 2,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (error, derived) =>
      error === null ? resolve(derived) : reject(error),
    );
  });
}

function unpadded(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
