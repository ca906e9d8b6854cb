import type { Project } from '../project/index.ts';
import type { SourceFile } from '../source/index.ts';
import type { Issue, Location, Severity } from './finding.ts';
import type { StageId } from './stage-id.ts';

/**
 * One check of a stage's gate: a small object that takes the stage's model and reports issues. It never throws for a
 * problem in the artifact and never stops at the first: it reports every occurrence.
 *
 * @example
 * const everyOperationHasCriteria: Rule<Requirements> = {
 *   id: 'requirements/operation-without-criteria',
 *   severity: 'error',
 *   summary: 'Every operation has at least one acceptance criterion.',
 *   fix: 'Add an acceptance criterion in given/when/then form.',
 *   run: (model) => model.operations.filter((op) => op.acceptance.length === 0).map((op) => ({ message: …, at: op.at })),
 * };
 */
export interface Rule<Model> {
  /** `<stage>/<kebab-name>`; stable, since keel.yaml re-levels rules by it. */
  readonly id: string;
  readonly severity: Severity;
  /** One sentence: what holds when the rule is quiet. */
  readonly summary: string;
  /** What to do about a finding, when the issue gives no more specific fix. */
  readonly fix: string;
  run(model: Model, context: CheckContext): readonly Issue[] | Promise<readonly Issue[]>;
}

/** A rule that only the loader reports (schema and syntax problems), declared so it can be documented and re-levelled. */
export interface LoaderRule {
  readonly id: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly fix: string;
}

/** A loader's result: the model (absent when the artifact cannot be used at all) and the issues found while loading. */
export interface Loaded<Model> {
  readonly model: Model | undefined;
  readonly issues: readonly (Issue & { readonly rule: string })[];
}

/** What a rule or a loader may use besides its own model: the project and the models of other stages. */
export interface CheckContext {
  readonly project: Project;
  /** Options of this run that gates may use: a PostgreSQL server for scratch databases (`--database`). */
  readonly options: CheckOptions;
  /** Another stage's model, loaded at most once per run; undefined when its artifact is missing or unreadable. */
  model<Model>(stage: Stage<Model>): Promise<Model | undefined>;
  /** A YAML or JSON file of the project, parsed once per run; throws KeelError when missing or malformed. */
  source(relativePath: string): Promise<SourceFile>;
}

export interface CheckOptions {
  /** A PostgreSQL server URL on which gates create (and drop) scratch databases; embedded PGlite when absent. */
  readonly databaseUrl?: string;
}

/** An identifier a stage defines, and its links to identifiers it derives from, for `keel trace`. */
export interface TraceNode {
  readonly id: string;
  /** `requirement`, `rule`, `criterion`, `module`, `decision`, `operation`, `table`, … */
  readonly kind: string;
  readonly stage: StageId;
  readonly title: string;
  readonly at: Location;
  /** Links to other identifiers: `relation` reads from this node, e.g. a criterion `verifies` a requirement. */
  readonly links: readonly TraceLink[];
}

export interface TraceLink {
  readonly to: string;
  readonly relation: string;
  /** How the relation reads from the other end, e.g. `verified by`. */
  readonly inverse: string;
}

/**
 * A stage of the journey as a plugin: its artifacts, its inputs, a loader that turns the artifacts into a typed,
 * immutable model, and the rules of its gate. Every stage has this one shape.
 */
export interface Stage<Model = unknown> {
  readonly id: StageId;
  readonly title: string;
  /** One line: what the stage decides. */
  readonly summary: string;
  /** Stages whose results this one builds on; a change upstream makes this one stale. */
  readonly dependsOn: readonly StageId[];
  /** The main artifacts, relative to the project root: when none exists, the stage is not started. */
  artifacts(project: Project): readonly string[];
  /** Glob patterns (relative to the root) of every file the gate reads; their content hashes are its evidence. */
  inputs(project: Project): readonly string[];
  load(context: CheckContext): Promise<Loaded<Model>>;
  readonly loaderRules: readonly LoaderRule[];
  readonly rules: readonly Rule<Model>[];
  /** The identifiers this stage defines, for `keel trace` and for later stages. */
  trace?(model: Model): readonly TraceNode[];
  /** Derived documents kept with the evidence for the report, e.g. a Mermaid diagram, keyed by name. */
  outputs?(model: Model): Readonly<Record<string, string>>;
  /** What a person does first when the stage is not started. */
  readonly start: string;
}

/** What every rule declares about itself. */
export type RuleHead = Pick<Rule<unknown>, 'id' | 'severity' | 'summary' | 'fix'>;

/**
 * A rule whose findings come from something derived from the model once per run and shared by its sibling rules (the
 * facts a stage gathers, a scratch database): `derive` returns undefined when there is nothing to judge, and the rule
 * is then quiet.
 *
 * @example
 * export const agreementRule = (head: RuleHead & { find(agreement: Agreement): readonly Issue[] }) =>
 *   derivedRule(head, agreementOf, (agreement) => head.find(agreement));
 */
export function derivedRule<Model, Derived>(
  head: RuleHead,
  derive: (model: Model, context: CheckContext) => Promise<Derived | undefined>,
  find: (derived: Derived, model: Model) => readonly Issue[] | Promise<readonly Issue[]>,
): Rule<Model> {
  return {
    id: head.id,
    severity: head.severity,
    summary: head.summary,
    fix: head.fix,
    async run(model, context) {
      const derived = await derive(model, context);
      return derived === undefined ? [] : find(derived, model);
    },
  };
}
