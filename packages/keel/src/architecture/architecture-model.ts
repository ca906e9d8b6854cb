import type { Location } from '../journey/finding.ts';

/**
 * `architecture.yaml` and the decision records under `decisions/`, as a typed, immutable model. Every entity remembers
 * where it was written (`at`), so findings point at its line. The loader builds it from whatever parts are well formed.
 */
export interface Architecture {
  /** `architecture.yaml` as shown to the user (relative to the project root). */
  readonly file: string;
  /** Where the `modules` key was written (the start of the file when absent). */
  readonly modulesAt: Location;
  readonly modules: readonly ArchitectureModule[];
  readonly externalSystems: readonly ExternalSystem[];
  readonly flows: readonly DataFlow[];
  /** The decisions folder, relative to the project root. */
  readonly decisionsDir: string;
  /** Every decision record, in file-name order. */
  readonly decisions: readonly Decision[];
}

/** A value as written, and where. */
export interface Located<Value = string> {
  readonly value: Value;
  readonly at: Location;
}

/** A part of the code with one purpose, the requirement operations it realises and the modules it may import. */
export interface ArchitectureModule {
  /** Lower-case kebab-case, unique among modules and external systems. */
  readonly name: string;
  readonly purpose: string;
  /** Requirement operation ids (`R-BOOK-1`) the module realises. */
  readonly owns: readonly Located[];
  /** The modules its code may import. */
  readonly dependsOn: readonly Located[];
  /** Folders or files of its code, relative to the project root, without a trailing slash; `src/<name>` by default. */
  readonly paths: readonly Located[];
  /** Whether `paths` was written (false: the default `src/<name>`, located at the module's name). */
  readonly pathsDeclared: boolean;
  /** Contract operation ids (filled in at the contract stage). */
  readonly operations: readonly Located[];
  /** Database tables (filled in at the data-model stage). */
  readonly tables: readonly Located[];
  readonly at: Location;
}

/** A system outside the service that modules exchange data with. */
export interface ExternalSystem {
  readonly name: string;
  readonly purpose: string;
  readonly at: Location;
}

/** Data moving from a module or external system to another. */
export interface DataFlow {
  readonly from: Located;
  readonly to: Located;
  readonly data: string;
  readonly at: Location;
}

export type DecisionStatus = 'proposed' | 'accepted' | 'superseded' | 'rejected';

export const decisionStatuses: readonly DecisionStatus[] = ['proposed', 'accepted', 'superseded', 'rejected'];

/** An architecture decision record, `decisions/NNNN-title.md`. */
export interface Decision {
  /** `ADR-0003`; empty when the front matter gives none. */
  readonly id: string;
  readonly title: string;
  /** Undefined when the front matter gives no valid status. */
  readonly status: DecisionStatus | undefined;
  readonly topics: readonly Located[];
  /** Requirement ids the decision addresses. */
  readonly requirements: readonly Located[];
  /** Ids of the decisions this one replaces. */
  readonly supersedes: readonly Located[];
  /** `YYYY-MM-DD`, when given. */
  readonly date?: string;
  /** The `##` sections in order. */
  readonly sections: readonly DecisionSection[];
  /** The `###` headings under the Options section, each with its trade-offs. */
  readonly options: readonly DecisionOption[];
  /** The record's path relative to the project root. */
  readonly file: string;
  /** The first line of the record. */
  readonly at: Location;
  /** Where each front matter key was written, by key; the front matter's first line for a missing key is `at`. */
  readonly keysAt: Readonly<Record<string, Location>>;
}

export interface DecisionSection {
  /** The heading as written, e.g. `Context`. */
  readonly heading: string;
  /** Whether the section has any content besides its heading (subsections count). */
  readonly hasContent: boolean;
  readonly at: Location;
}

export interface DecisionOption {
  readonly name: string;
  /** Whether the option has text under its heading: its trade-offs. */
  readonly hasTradeOffs: boolean;
  readonly at: Location;
}

/** Where a decision's front matter key was written, or the record's first line. */
export function keyAt(decision: Decision, key: string): Location {
  return decision.keysAt[key] ?? decision.at;
}

/** How findings name a decision: its id, or its file when it has none. */
export function decisionName(decision: Decision): string {
  return decision.id === '' ? decision.file : decision.id;
}
