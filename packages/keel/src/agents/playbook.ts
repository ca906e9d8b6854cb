import type { StageId } from '../journey/stage-id.ts';

/** The agents `keel agents install` writes playbooks for, each in its own native format. */
export const agentNames = ['claude', 'copilot', 'codex', 'cursor', 'gemini'] as const;

export type AgentName = (typeof agentNames)[number];

export function isAgentName(value: string): value is AgentName {
  return (agentNames as readonly string[]).includes(value);
}

/** What to do about one kind of finding. */
export interface FindingAction {
  readonly kind: string;
  readonly action: string;
}

/** A convention the gate enforces, taken from a registered rule so the playbook never drifts from the gate. */
export interface PlaybookRule {
  readonly id: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly summary: string;
}

/**
 * One playbook: a stage of the journey (or the journey as a whole) told to an AI coding agent. Every agent format is
 * rendered from this one model.
 */
export interface Playbook {
  /** `journey` or a stage id; files are named `keel-<name>`. */
  readonly name: 'journey' | StageId;
  readonly title: string;
  /** One or two sentences: what it is for and when an agent should use it (skill and rule descriptions). */
  readonly description: string;
  /** What the stage decides, in a paragraph. */
  readonly purpose: string;
  /** Upstream artifacts to read first, by path relative to the project root. */
  readonly reads: readonly string[];
  /** What to write or change, by path. */
  readonly produces: readonly string[];
  /** How to write it: written conventions besides the gate's rules. */
  readonly conventions: readonly string[];
  /** The rules of the stage's gate, from the registry; empty for a stage this Keel has no gate for. */
  readonly rules: readonly PlaybookRule[];
  /** The exact command that proves the stage. */
  readonly command: string;
  /** Further commands that help along the way. */
  readonly helpers: readonly { readonly command: string; readonly use: string }[];
  /** When the stage counts as done. */
  readonly done: string;
  readonly findings: readonly FindingAction[];
  /** Glob patterns of the files the playbook is about (Copilot's applyTo, Cursor's globs). */
  readonly appliesTo: readonly string[];
  /** False when this Keel version has no gate for the stage yet. */
  readonly available: boolean;
}
