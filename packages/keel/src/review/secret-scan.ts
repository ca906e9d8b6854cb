import type { Location } from '../journey/finding.ts';

/** Credentials with a recognisable shape; each is certain enough to be a blocker. */
const keyFormats: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'a private key', pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY( BLOCK)?-----/ },
  { name: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/ },
  { name: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/ },
  { name: 'a Stripe live key', pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b/ },
  { name: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: 'an npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { name: 'an OpenAI or Anthropic API key', pattern: /\bsk-(?:proj-|ant-[a-z0-9]+-)?[A-Za-z0-9_-]{32,}\b/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}\b/ },
  {
    name: 'a database URL with a password',
    pattern:
      /\b(?:postgres(?:ql)?|mysql|mongodb(?:\+srv)?|redis|amqp):\/\/[^\s:/@'"]+:(?!(?:password|postgres|secret|changeme|\$\{|\*+)@)[^\s@/'"]{3,}@/i,
  },
];

const candidate = /[A-Za-z0-9+/_=-]{24,}/g;
const secretContext = /(secret|token|passw(or)?d|api_?key|apikey|credential|private|auth)/i;
/** Checksums and hashes that look random by design. */
const knownRandom = /^(sha(1|256|384|512)-|[0-9a-f]{40}$|[0-9a-f]{64}$)/;

export interface SecretHit {
  readonly kind: 'key-format' | 'high-entropy';
  readonly message: string;
  readonly at: Location;
}

/** Files whose random-looking content is expected: lockfiles and checksums. */
export function skipsSecretScan(path: string): boolean {
  return /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?)$|\.(png|jpe?g|gif|ico|woff2?|wasm|zip|gz|pdf|sum)$/i.test(
    path,
  );
}

/**
 * Secrets in the lines of a file: known key formats, and strings random enough (Shannon entropy) to be keys, the
 * bar lower where the line names a secret. Only the lines `lines` selects are read (the ones a change added).
 */
export function scanSecrets(file: string, text: string, lines: { has(line: number): boolean }): SecretHit[] {
  const hits: SecretHit[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    const number = index + 1;
    if (!lines.has(number) || line.length > 4000) continue;
    const format = keyFormats.find(({ pattern }) => pattern.test(line));
    if (format !== undefined) {
      const column = (format.pattern.exec(line)?.index ?? 0) + 1;
      hits.push({
        kind: 'key-format',
        message: `${format.name} is committed: anyone with the repository can use it.`,
        at: { file, line: number, column },
      });
      continue;
    }
    const named = secretContext.test(line);
    for (const match of line.matchAll(candidate)) {
      const token = match[0];
      if (knownRandom.test(token) || !/[0-9]/.test(token) || !/[A-Za-z]/.test(token)) continue;
      const entropy = shannonEntropy(token);
      if (entropy >= (named ? 3.5 : 4.5)) {
        hits.push({
          kind: 'high-entropy',
          message: `A random-looking string (${token.length} characters, ${entropy.toFixed(1)} bits per character${
            named ? ', on a line naming a secret' : ''
          }) may be a credential.`,
          at: { file, line: number, column: match.index + 1 },
        });
        break;
      }
    }
  }
  return hits;
}

/** Bits per character of a string's own character distribution. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
