import type { LightMyRequestResponse } from 'fastify';
import type { JsonSchema } from '../contract/index.ts';
import type { PlannedRequest, SuiteContext } from './suite-context.ts';

/** At most this many extra requests go into shrinking one failure. */
const shrinkBudget = 40;

/** What shrinking must preserve: the failure, and the body's validity (or invalidity) against its schema. */
export interface ShrinkGoal {
  readonly schema: JsonSchema;
  /** Whether the response to a smaller request still shows the same failure. */
  readonly stillFails: (response: LightMyRequestResponse) => boolean;
  /** An invalid-input case: candidates must stay invalid, and the broken properties (`keep`) are left as they are. */
  readonly invalid?: boolean;
  readonly keep?: readonly string[];
}

/**
 * Shrinks a failing request's body to a smaller one that fails the same way: optional properties dropped, strings cut
 * to the shortest length that still fails (binary search), numbers moved toward zero. Every candidate stays as valid
 * (or, for an invalid-input case, as invalid) against the schema as the original, so the shrunk case proves the same
 * thing with less to read.
 *
 * @example
 * const smallest = await shrinkFailure(context, request, response, {
 *   schema: bodySchema,
 *   stillFails: (answer) => answer.statusCode >= 500,
 * });
 * smallest.request.body; // { name: 'kkkk…' } at 51 characters, where the handler breaks
 */
export async function shrinkFailure(
  context: SuiteContext,
  request: PlannedRequest,
  response: LightMyRequestResponse,
  goal: ShrinkGoal,
): Promise<{ request: PlannedRequest; response: LightMyRequestResponse }> {
  let best = { request, response };
  if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) return best;
  let budget = shrinkBudget;
  const keep = new Set(goal.keep ?? []);
  const fails = async (body: Record<string, unknown>): Promise<boolean> => {
    if (budget <= 0 || context.checker.accepts(goal.schema, body) === (goal.invalid === true)) return false;
    budget -= 1;
    const candidate = { ...best.request, body };
    const answer = await context.send(candidate);
    if (!goal.stillFails(answer)) return false;
    best = { request: candidate, response: answer };
    return true;
  };
  const bodyOf = () => best.request.body as Record<string, unknown>;
  for (const name of Object.keys(bodyOf())) {
    if (keep.has(name)) continue;
    const { [name]: dropped, ...rest } = bodyOf();
    if (dropped !== undefined && (await fails(rest))) continue;
    const value = bodyOf()[name];
    if (typeof value === 'string' && value.length > 1) {
      let passing = 0;
      let failing = value.length;
      while (failing - passing > 1 && budget > 0) {
        const middle = Math.floor((passing + failing) / 2);
        if (await fails({ ...bodyOf(), [name]: value.slice(0, middle) })) failing = middle;
        else passing = middle;
      }
    } else if (typeof value === 'number' && value !== 0) {
      if (!(await fails({ ...bodyOf(), [name]: 0 }))) await fails({ ...bodyOf(), [name]: Math.trunc(value / 2) });
    }
  }
  return best;
}

/** The top-level properties an invalid variant changed, added or removed relative to the valid body. */
export function brokenProperties(valid: unknown, variant: unknown): string[] {
  if (!isRecord(valid) || !isRecord(variant)) return [];
  const names = new Set([...Object.keys(valid), ...Object.keys(variant)]);
  return [...names].filter((name) => JSON.stringify(valid[name]) !== JSON.stringify(variant[name]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
