/** Enumerating every cycle is exponential in the worst case; past this many, the first ones make the point. */
const maxCycles = 100;

/**
 * The elementary cycles of a directed graph, each once: as a list of nodes starting at its first node in `nodes`
 * order, without repeating it at the end (`[a, b]` is `a → b → a`; `[a]` is a node that points at itself).
 *
 * @example
 * findCycles(['a', 'b', 'c'], (node) => ({ a: ['b'], b: ['a', 'c'], c: [] })[node] ?? []); // [['a', 'b']]
 */
export function findCycles(nodes: readonly string[], next: (node: string) => readonly string[]): string[][] {
  const order = new Map(nodes.map((node, index) => [node, index]));
  const cycles: string[][] = [];
  for (const [startIndex, start] of nodes.entries()) {
    const path: string[] = [start];
    const onPath = new Set(path);
    const walk = (node: string): void => {
      for (const target of new Set(next(node))) {
        if (cycles.length >= maxCycles) return;
        const targetIndex = order.get(target);
        if (target === start) cycles.push([...path]);
        else if (targetIndex !== undefined && targetIndex > startIndex && !onPath.has(target)) {
          path.push(target);
          onPath.add(target);
          walk(target);
          path.pop();
          onPath.delete(target);
        }
      }
    };
    walk(start);
  }
  return cycles;
}

/** `a → b → a`. */
export function formatCycle(cycle: readonly string[]): string {
  return [...cycle, cycle[0] ?? ''].join(' → ');
}
