import { KeelError } from '../errors/index.ts';

/**
 * Operations are limited by class, one counter per caller and class across every operation of the class: reads (GET,
 * HEAD), writes, and public writes (operations open to callers without credentials that change state: signing in,
 * signing up, requesting a code), which are the brute-force targets and are counted per address whatever the caller
 * presents.
 */
export type OperationClass = 'read' | 'write' | 'public';

export const operationClasses: readonly OperationClass[] = ['read', 'write', 'public'];

/** At most `max` requests in any window of `windowSeconds`, per caller. */
export interface RateLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

export type RateLimitsConfig = Readonly<Record<OperationClass, RateLimit | 'off'>>;

export const defaultRateLimits: RateLimitsConfig = {
  read: { max: 1200, windowSeconds: 60 },
  write: { max: 300, windowSeconds: 60 },
  public: { max: 20, windowSeconds: 60 },
};

export const noRateLimits: RateLimitsConfig = { read: 'off', write: 'off', public: 'off' };

const units: Readonly<Record<string, number>> = { s: 1, second: 1, min: 60, minute: 60, h: 3600, hour: 3600 };

/** The keel.yaml spelling of a limit: `600/min`, `10/s`, `5000/hour`, or `off`. */
export const rateLimitPattern = '^(off|[1-9][0-9]{0,8}/(s|second|min|minute|h|hour))$';

export function parseRateLimit(text: string): RateLimit | 'off' {
  if (text === 'off') return 'off';
  const match = new RegExp(rateLimitPattern).exec(text);
  const unit = match?.[2] === undefined ? undefined : units[match[2]];
  if (match === null || unit === undefined) {
    throw new KeelError('KEEL_CONFIG_INVALID', `"${text}" is not a rate limit`, {
      fix: 'Write a limit as requests per unit, e.g. `600/min`, `10/s` or `5000/hour`, or `off`.',
    });
  }
  return { max: Number(text.slice(0, text.indexOf('/'))), windowSeconds: unit };
}
