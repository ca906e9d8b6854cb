import type { Location } from '../../journey/finding.ts';
import { joinPointer } from '../../source/index.ts';
import type { ContractModel } from '../contract-model.ts';

/** One result of Spectral, at a file of the contract. */
export interface SpectralResult {
  readonly code: string;
  readonly message: string;
  readonly at: Location;
}

const runs = new WeakMap<ContractModel, Promise<readonly SpectralResult[]>>();

/**
 * Lints the contract with Spectral's `spectral:oas` recommended rules and the OWASP API Top 10 ruleset, once per
 * model. Spectral is imported here, on first use, so that commands which never lint do not load it. References are
 * read from the files already loaded, never from the network; each result names the file it is in.
 */
export function spectralResults(model: ContractModel): Promise<readonly SpectralResult[]> {
  let results = runs.get(model);
  if (results === undefined) {
    results = lint(model);
    runs.set(model, results);
  }
  return results;
}

async function lint(model: ContractModel): Promise<readonly SpectralResult[]> {
  const [core, parsers, refResolver, rulesets, owasp] = await Promise.all([
    import('@stoplight/spectral-core'),
    import('@stoplight/spectral-parsers'),
    import('@stoplight/spectral-ref-resolver'),
    import('@stoplight/spectral-rulesets'),
    import('@stoplight/spectral-owasp-ruleset'),
  ]);
  const { documents } = model;
  const texts = new Map(documents.files.map((file) => [file.path, file.text]));
  const resolver = new refResolver.Resolver({
    resolvers: {
      file: {
        resolve: (uri) => {
          const text = texts.get(uri.path());
          if (text === undefined) return Promise.reject(new Error(`${uri.path()} is not a file of the contract`));
          return Promise.resolve(text);
        },
      },
    },
  });
  const spectral = new core.Spectral({ resolver });
  spectral.setRuleset({
    extends: [
      [rulesets.oas, 'recommended'],
      [owasp.default, 'recommended'],
    ],
  } as Parameters<typeof spectral.setRuleset>[0]);
  const root = documents.root;
  const diagnostics = await spectral.run(new core.Document(root.text, parsers.default.Yaml, root.path));
  const seen = new Set<string>();
  const results: SpectralResult[] = [];
  for (const diagnostic of diagnostics) {
    const file = diagnostic.source ?? root.path;
    const source = documents.files.find((candidate) => candidate.path === file);
    const at: Location =
      source === undefined
        ? { file, line: diagnostic.range.start.line + 1, column: diagnostic.range.start.character + 1 }
        : { file: source.displayPath, ...source.locate(joinPointer(diagnostic.path.map(String))) };
    const key = `${String(diagnostic.code)}\u0000${at.file}:${at.line}:${at.column}\u0000${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    results.push({ code: String(diagnostic.code), message: diagnostic.message, at });
  }
  return results;
}
