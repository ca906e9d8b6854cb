import type { Rule } from '../../journey/stage.ts';
import type { Architecture } from '../architecture-model.ts';
import { decisionFileName } from './decision-file-name.ts';
import { decisionOptions } from './decision-options.ts';
import { decisionSections } from './decision-sections.ts';
import { dependencyCycle } from './dependency-cycle.ts';
import { duplicateDecision } from './duplicate-decision.ts';
import { duplicateModule } from './duplicate-module.ts';
import { forbiddenImport } from './forbidden-import.ts';
import { moduleWithoutCode } from './module-without-code.ts';
import { requirementOwnedTwice, requirementUnowned } from './requirement-ownership.ts';
import { supersession } from './supersession.ts';
import { topicUndecided } from './topic-undecided.ts';
import { unknownModule } from './unknown-module.ts';
import { unknownRequirement } from './unknown-requirement.ts';

/** The rules of the architecture gate, in the order docs/architecture.md lists them. */
export const architectureRules: readonly Rule<Architecture>[] = [
  decisionFileName,
  decisionSections,
  decisionOptions,
  duplicateDecision,
  topicUndecided,
  supersession,
  unknownRequirement,
  requirementUnowned,
  requirementOwnedTwice,
  duplicateModule,
  unknownModule,
  dependencyCycle,
  forbiddenImport,
  moduleWithoutCode,
];

export { decisionSectionNames } from './decision-sections.ts';
