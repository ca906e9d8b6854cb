import type { LightMyRequestResponse } from 'fastify';
import type { JsonSchema } from '../contract/index.ts';
import type { PlannedRequest, SuiteContext } from './suite-context.ts';

/** At most this many extra requests go into shrinking one failure. */
const shrinkBudget = 40;

/**
 * Shrinks a request whose valid body got a 5xx to a smaller one that still does: optional properties dropped, strings
 * cut to the shortest length that still fails (binary search), numbers moved toward the schema's lower bound. Every
 * candidate stays valid against the schema, so the shrunk case is as much a valid request as the original.
 *
 * @example
 * const smallest = await shrinkServerError(context, request, response, bodySchema);
 * smallest.request.body; // { name: 'kkkk…' } at 51 characters, where the handler breaks
 */
export async function shrinkServerError(
  context: SuiteContext,
  request: PlannedRequest,
  response: LightMyRequestResponse,
  schema: JsonSchema,
): Promise<{ request: PlannedRequest; response: LightMyRequestResponse }> {
  let best = { request, response };
  if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body)) return best;
  let budget = shrinkBudget;
  const fails = async (body: Record<string, unknown>): Promise<boolean> => {
    if (budget <= 0 || !context.checker.accepts(schema, body)) return false;
    budget -= 1;
    const candidate = { ...best.request, body };
    const answer = await context.send(candidate);
    if (answer.statusCode < 500) return false;
    best = { request: candidate, response: answer };
    return true;
  };
  const bodyOf = () => best.request.body as Record<string, unknown>;
  for (const name of Object.keys(bodyOf())) {
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
