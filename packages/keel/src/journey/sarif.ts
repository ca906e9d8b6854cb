import { keelVersion } from '../version.ts';
import type { Finding, Severity } from './finding.ts';
import { stageRules } from './run-gate.ts';
import type { Stage } from './stage.ts';

/** The parts of SARIF 2.1.0 that Keel writes (https://docs.oasis-open.org/sarif/sarif/v2.1.0/). */
export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
}

interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: string;
      readonly version: string;
      readonly informationUri: string;
      readonly rules: readonly SarifRule[];
    };
  };
  readonly originalUriBaseIds: Readonly<Record<string, { readonly uri: string }>>;
  readonly results: readonly SarifResult[];
}

interface SarifRule {
  readonly id: string;
  readonly shortDescription: { readonly text: string };
  readonly help: { readonly text: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly stage: string };
}

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly {
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string; readonly uriBaseId: string };
      readonly region?: { readonly startLine: number; readonly startColumn?: number };
    };
  }[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

type SarifLevel = 'error' | 'warning' | 'note';

const levels: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * Findings as a SARIF 2.1.0 log for code-scanning interfaces: one run, every rule of the checked stages described
 * once, paths relative to the project root (`%SRCROOT%`).
 */
export function toSarif(findings: readonly Finding[], stages: readonly Stage[], rootUri: string): SarifLog {
  const rules = stages.flatMap((stage) => stageRules(stage).map((rule) => ({ rule, stage: stage.id })));
  const ruleIndex = new Map(rules.map(({ rule }, index) => [rule.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keel',
            version: keelVersion,
            informationUri: 'https://keel.dev',
            rules: rules.map(({ rule, stage }) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              help: { text: rule.fix },
              defaultConfiguration: { level: levels[rule.severity] },
              properties: { stage },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: rootUri.endsWith('/') ? rootUri : `${rootUri}/` } },
        results: findings.map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule) ?? -1,
          level: levels[finding.severity],
          message: { text: `${finding.message}\nFix: ${finding.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(finding.location.file), uriBaseId: '%SRCROOT%' },
                ...(finding.location.line === undefined
                  ? {}
                  : {
                      region: {
                        startLine: finding.location.line,
                        ...(finding.location.column === undefined ? {} : { startColumn: finding.location.column }),
                      },
                    }),
              },
            },
          ],
          ...(finding.override === undefined ? {} : { properties: { override: finding.override } }),
        })),
      },
    ],
  };
}
