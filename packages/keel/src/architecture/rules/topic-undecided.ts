import type { Issue } from '../../journey/finding.ts';
import type { Rule } from '../../journey/stage.ts';
import { decisionName, keyAt, type Architecture } from '../architecture-model.ts';
import { expensiveTopics } from '../expensive-topics.ts';

/** `architecture/topic-undecided`: each expensive-to-reverse topic has an accepted decision. */
export const topicUndecided: Rule<Architecture> = {
  id: 'architecture/topic-undecided',
  severity: 'error',
  summary: `Each expensive-to-reverse topic (${expensiveTopics.join(', ')}) has an accepted decision.`,
  fix: 'Write a decision record with the topic in its `topics`, weigh the options, and set `status: accepted` once the team agrees.',
  run(model) {
    const issues: Issue[] = [];
    for (const topic of expensiveTopics) {
      const about = model.decisions.filter((decision) => decision.topics.some((entry) => entry.value === topic));
      if (about.some((decision) => decision.status === 'accepted')) continue;
      const pending = about.find((decision) => decision.status === 'proposed');
      if (pending !== undefined) {
        issues.push({
          message: `${topic} is not decided: ${decisionName(pending)} on it is proposed, not accepted`,
          at: keyAt(pending, 'status'),
          fix: `Settle ${decisionName(pending)}: set \`status: accepted\` once the team agrees, or reject it and write another.`,
        });
      } else {
        const others = about.map((decision) => `${decisionName(decision)} (${decision.status ?? 'no status'})`);
        issues.push({
          message: `${topic} has no accepted decision${others.length > 0 ? `; only ${others.join(', ')}` : ''}`,
          at: { file: model.decisionsDir },
          fix: `Write ${model.decisionsDir}/NNNN-${topic}.md with \`topics: [${topic}]\`, weigh at least two options, and set \`status: accepted\` once the team agrees.`,
        });
      }
    }
    return issues;
  },
};
