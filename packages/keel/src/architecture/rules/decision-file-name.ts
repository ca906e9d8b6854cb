import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { keyAt, type Architecture } from '../architecture-model.ts';

const recordName = /^(\d{4,})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$/;

/** `architecture/decision-file-name`: records are named `NNNN-title.md` and the number is the id's. */
export const decisionFileName: Rule<Architecture> = {
  id: 'architecture/decision-file-name',
  severity: 'error',
  summary: 'Decision files are named `NNNN-title.md` and the number matches the id.',
  fix: 'Rename the file to its id’s four-digit number, a dash and its title in kebab-case, e.g. `0003-identifiers.md` for ADR-0003.',
  run(model) {
    const issues: Issue[] = [];
    for (const decision of model.decisions) {
      const name = decision.file.split('/').at(-1) ?? decision.file;
      const number = recordName.exec(name)?.[1];
      if (number === undefined) {
        issues.push({
          message: `${decision.file} is not named NNNN-title.md (a four-digit number, a dash, a kebab-case title)`,
          at: decision.at,
        });
        continue;
      }
      const idNumber = /^ADR-(\d+)$/.exec(decision.id)?.[1];
      if (idNumber !== undefined && idNumber !== number) {
        issues.push({
          message: `${decision.file} holds ${decision.id}: the file's number ${number} is not the id's ${idNumber}`,
          at: keyAt(decision, 'id'),
          fix: `Rename the file to ${idNumber}-${name.slice(number.length + 1)}, or give the record the id ADR-${number} if no other record has it.`,
        });
      }
    }
    return issues;
  },
};
