import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { isRecord } from '../build-contract-model.ts';
import type { ContractModel } from '../contract-model.ts';

/** Semantic Versioning 2.0.0. */
const semver =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

const example = 'x-keel-versioning: { scheme: url }   # or { scheme: header, header: Api-Version }';

/**
 * `contract/versioning`: the contract says how clients pick a major version, and obeys it, so that a breaking change
 * can be shipped as a new major beside the old one.
 */
export const versioning: Rule<ContractModel> = {
  id: 'contract/versioning',
  severity: 'error',
  summary:
    '`info.version` is semver; `x-keel-versioning` declares the scheme (`url`: every path, or every server, carries `/v<major>` of info.version; `header`: a named header selects the version, and no path or server carries one).',
  fix: `Declare the scheme at the root of the contract: \`${example}\`.`,
  run: (model) => {
    const issues: Issue[] = [];
    const version = model.info.version;
    const parsed = version === undefined ? undefined : semver.exec(version);
    if (parsed === undefined || parsed === null) {
      issues.push({
        message:
          version === undefined
            ? '`info.version` is missing: clients and releases need a semver version of the contract'
            : `\`info.version\` is "${version}", which is not a semantic version (MAJOR.MINOR.PATCH)`,
        at: version === undefined ? model.info.at : model.info.versionAt,
        fix: 'Write `version: 1.0.0` under `info:`; bump MAJOR for a breaking change, MINOR for an addition, PATCH for a fix.',
      });
    }
    const declared = model.document['x-keel-versioning'];
    if (!isRecord(declared)) {
      issues.push({
        message: 'the contract declares no versioning scheme (`x-keel-versioning` at its root)',
        at: model.at(declared === undefined ? '' : '/x-keel-versioning'),
        fix: `Add at the root of ${model.file}: \`${example}\`.`,
      });
      return issues;
    }
    const scheme = declared['scheme'];
    if (scheme !== 'url' && scheme !== 'header') {
      issues.push({
        message: `\`x-keel-versioning.scheme\` is ${JSON.stringify(scheme ?? null)}; it is \`url\` or \`header\``,
        at: model.at('/x-keel-versioning'),
        fix: '`scheme: url` puts the major version in the path (`/v1/…`); `scheme: header` has clients send it in a header.',
      });
      return issues;
    }
    const major = parsed?.[1];
    const segment = /(?:^|\/)v(\d+)(?=\/|$)/;
    if (scheme === 'header') {
      if (typeof declared['header'] !== 'string' || declared['header'] === '') {
        issues.push({
          message: '`x-keel-versioning` uses the header scheme but names no header',
          at: model.at('/x-keel-versioning'),
          fix: 'Add `header: Api-Version` (the request header that selects the major version).',
        });
      }
      for (const server of model.servers) {
        if (!segment.test(pathOf(server.value))) continue;
        issues.push({
          message: `server ${server.value} carries a version in its URL, but the contract versions by header`,
          at: server.at,
          fix: 'Remove the /vN segment from the server URL, or switch to `scheme: url`.',
        });
      }
      for (const operation of model.operations) {
        if (!segment.test(operation.path)) continue;
        issues.push({
          message: `${operation.name} carries a version in its path, but the contract versions by header`,
          at: operation.at,
          fix: 'Remove the /vN segment from the path, or switch to `scheme: url`.',
        });
      }
      return issues;
    }
    if (major === undefined) return issues; // no major to compare with: reported above
    const wanted = `/v${major}`;
    const serverVersions = model.servers.map((server) => ({ server, found: segment.exec(pathOf(server.value))?.[1] }));
    for (const { server, found } of serverVersions) {
      if (found === undefined || found === major) continue;
      issues.push({
        message: `server ${server.value} carries /v${found}, but info.version ${version ?? ''} is major ${major}`,
        at: server.at,
        fix: `Use ${wanted} in the server URL, or make info.version ${found}.x.y if the contract is major ${found}.`,
      });
    }
    const serversCarryIt = model.servers.length > 0 && serverVersions.every(({ found }) => found === major);
    if (serversCarryIt) return issues;
    for (const operation of model.operations) {
      const found = segment.exec(operation.path)?.[1];
      if (operation.path === wanted || operation.path.startsWith(`${wanted}/`)) continue;
      issues.push({
        message:
          found === undefined
            ? `${operation.name} does not start with ${wanted}, and the contract versions by URL (info.version ${version ?? ''})`
            : `${operation.name} carries /v${found}, but info.version ${version ?? ''} is major ${major}`,
        at: operation.at,
        fix:
          found === undefined
            ? `Start the path with ${wanted} (e.g. ${wanted}${operation.path}), or put ${wanted} at the end of every server URL.`
            : `Use ${wanted} in the path, or make info.version ${found}.x.y if the contract is major ${found}.`,
      });
    }
    return issues;
  },
};

/** The path of a server URL, which may be relative or hold `{variables}`. */
function pathOf(url: string): string {
  const withoutScheme = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return withoutScheme.replace(/\/$/, '');
}
