import type { Issue } from '../../journey/finding.ts';
import { accessRule } from './access-rule.ts';

const asymmetric = /^(RS|PS|ES)\d+$|^EdDSA$|^ES256K$/i;
const symmetric = /^HS\d+$/i;

/**
 * The algorithm confusion attacks: a verifier that takes `alg` from the token accepts `none`, or an HMAC signed with the
 * public key. The algorithms are pinned, never `none`, and never HMAC next to an asymmetric one.
 */
export const jwtAlgorithms = accessRule({
  id: 'access/jwt-algorithms',
  severity: 'error',
  summary: 'Every JWT scheme pins its algorithms, never allows none, and never mixes HS* with asymmetric algorithms.',
  fix: 'Pin the one algorithm the issuer signs with, e.g. `algorithms: [ES256]`.',
  find: (model) =>
    model.authentication.flatMap((scheme): Issue[] => {
      if (scheme.type !== 'jwt') return [];
      const algorithms = scheme.algorithms ?? [];
      if (algorithms.length === 0) {
        return [
          { message: `${scheme.name} does not pin its algorithms: the token's alg header would decide`, at: scheme.at },
        ];
      }
      const issues: Issue[] = algorithms
        .filter((algorithm) => algorithm.value.toLowerCase() === 'none')
        .map((algorithm) => ({
          message: `${scheme.name} allows the algorithm ${algorithm.value}: unsigned tokens would be accepted`,
          at: algorithm.at,
        }));
      const hmac = algorithms.filter((algorithm) => symmetric.test(algorithm.value));
      const keyPair = algorithms.filter((algorithm) => asymmetric.test(algorithm.value));
      if (hmac.length > 0 && keyPair.length > 0) {
        issues.push({
          message: `${scheme.name} mixes ${hmac.map((a) => a.value).join(', ')} with ${keyPair.map((a) => a.value).join(', ')}: a token signed with HMAC over the public key would verify`,
          at: hmac[0]?.at ?? scheme.at,
        });
      }
      return issues;
    }),
});
