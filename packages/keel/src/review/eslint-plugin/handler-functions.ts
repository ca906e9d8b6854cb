import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

/** The members of Keel's handler context (runtime/handler.ts) that carry what the client sent. */
export const requestParts = ['params', 'query', 'headers', 'body'] as const;
export type RequestPart = (typeof requestParts)[number];

const contextMembers = new Set<string>([...requestParts, 'db', 'principal', 'problem', 'log', 'requestId']);

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

/** A handler: a function keyed by operationId whose first parameter is Keel's handler context. */
export interface HandlerFunction {
  readonly node: FunctionNode;
  /** The property key (Keel's handler maps are keyed by operationId), or the function's name. */
  readonly operationId: string | undefined;
  /** Local names bound to each request part (`{ body }`, `{ body: input }`, or `context.body`). */
  readonly bindings: ReadonlyMap<string, RequestPart | 'db' | 'log' | 'context'>;
}

/**
 * Recognises a handler the way Keel's handler maps are written: a method or function value of an object property, whose
 * first parameter destructures the context (`{ params, body, db, problem }`) or is named `context`/`ctx`.
 */
export function handlerOf(node: FunctionNode): HandlerFunction | undefined {
  const operationId = operationIdOf(node);
  if (operationId === null) return undefined;
  const first = node.params[0];
  if (first === undefined) return undefined;
  const bindings = new Map<string, RequestPart | 'db' | 'log' | 'context'>();
  const pattern = first.type === AST_NODE_TYPES.AssignmentPattern ? first.left : first;
  if (pattern.type === AST_NODE_TYPES.ObjectPattern) {
    let members = 0;
    for (const property of pattern.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.key.type !== AST_NODE_TYPES.Identifier) continue;
      const member = property.key.name;
      if (!contextMembers.has(member)) continue;
      members += 1;
      const local = property.value.type === AST_NODE_TYPES.Identifier ? property.value.name : undefined;
      if (local === undefined) continue;
      if ((requestParts as readonly string[]).includes(member) || member === 'db' || member === 'log') {
        bindings.set(local, member as RequestPart | 'db' | 'log');
      }
    }
    if (members === 0) return undefined;
  } else if (pattern.type === AST_NODE_TYPES.Identifier && /^(context|ctx)$/.test(pattern.name)) {
    bindings.set(pattern.name, 'context');
  } else return undefined;
  return { node, operationId, bindings };
}

/**
 * The name a handler is keyed by: the property of a handler map (`{ getBooking({ params }) {…} }`), or the function's
 * own name when it is declared apart and gathered later (`async function getBooking(…)`, `const getBooking = …`);
 * null for a function in any other place.
 */
function operationIdOf(node: FunctionNode): string | undefined | null {
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === node) return keyName(parent.key);
  if (node.type === AST_NODE_TYPES.FunctionDeclaration) return node.id?.name;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node) {
    return parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : undefined;
  }
  return null;
}

export function keyName(key: TSESTree.Node): string | undefined {
  if (key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') return key.value;
  return undefined;
}

/** The request part an expression reads (`body.x`, `context.query.y`, `input` bound to body), if any. */
export function requestPartOf(node: TSESTree.Node, handler: HandlerFunction): RequestPart | undefined {
  let current: TSESTree.Node = node;
  while (
    current.type === AST_NODE_TYPES.MemberExpression ||
    current.type === AST_NODE_TYPES.ChainExpression ||
    current.type === AST_NODE_TYPES.TSNonNullExpression
  ) {
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      if (
        current.object.type === AST_NODE_TYPES.Identifier &&
        handler.bindings.get(current.object.name) === 'context' &&
        current.property.type === AST_NODE_TYPES.Identifier &&
        (requestParts as readonly string[]).includes(current.property.name)
      ) {
        return current.property.name as RequestPart;
      }
      current = current.object;
    } else current = current.expression;
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return undefined;
  const bound = handler.bindings.get(current.name);
  return bound !== undefined && (requestParts as readonly string[]).includes(bound)
    ? (bound as RequestPart)
    : undefined;
}

/** The innermost handler around a node, walking up the tree. */
export function enclosingHandler(node: TSESTree.Node): HandlerFunction | undefined {
  for (let current: TSESTree.Node | null | undefined = node.parent; current != null; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.FunctionDeclaration
    ) {
      const handler = handlerOf(current);
      if (handler !== undefined) return handler;
    }
  }
  return undefined;
}

/** Whether an expression carries request data: it reads a request part, directly or through a local set from one. */
export function carriesRequestData(node: TSESTree.Node, handler: HandlerFunction | undefined): boolean {
  if (handler === undefined) return false;
  let found = false;
  const visit = (current: TSESTree.Node, depth: number): void => {
    if (found || depth > 6) return;
    if (requestPartOf(current, handler) !== undefined) {
      found = true;
      return;
    }
    if (current.type === AST_NODE_TYPES.Identifier) {
      const declaration = localInitializer(current.name, handler.node);
      if (declaration !== undefined) visit(declaration, depth + 1);
      return;
    }
    for (const child of childNodes(current)) visit(child, depth + 1);
  };
  visit(node, 0);
  return found;
}

/** The initializer of a `const`/`let` declared in a function's body under that name (one level of data flow). */
function localInitializer(name: string, fn: FunctionNode): TSESTree.Node | undefined {
  let result: TSESTree.Node | undefined;
  const visit = (current: TSESTree.Node): void => {
    if (result !== undefined) return;
    if (current.type === AST_NODE_TYPES.VariableDeclarator && current.init !== null) {
      if (current.id.type === AST_NODE_TYPES.Identifier && current.id.name === name) {
        result = current.init;
        return;
      }
      if (current.id.type === AST_NODE_TYPES.ObjectPattern) {
        for (const property of current.id.properties) {
          if (
            property.type === AST_NODE_TYPES.Property &&
            property.value.type === AST_NODE_TYPES.Identifier &&
            property.value.name === name
          ) {
            result = current.init;
            return;
          }
        }
      }
    }
    for (const child of childNodes(current)) visit(child);
  };
  visit(fn.body);
  return result;
}

/** The AST children of a node (ESTree keys other than parent and position data). */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || key === 'loc' || key === 'range') continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) children.push(item);
    } else if (isNode(value)) children.push(value);
  }
  return children;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** `a.b.c(...)` → the names along the callee chain from its root, e.g. `db.selectFrom(...).where(...).execute()`. */
export function callChain(node: TSESTree.Node): { readonly root: TSESTree.Node; readonly methods: readonly string[] } {
  const methods: string[] = [];
  let current: TSESTree.Node = node;
  for (;;) {
    if (current.type === AST_NODE_TYPES.CallExpression) current = current.callee;
    else if (current.type === AST_NODE_TYPES.MemberExpression) {
      if (current.property.type === AST_NODE_TYPES.Identifier) methods.unshift(current.property.name);
      current = current.object;
    } else if (current.type === AST_NODE_TYPES.ChainExpression || current.type === AST_NODE_TYPES.TSNonNullExpression)
      current = current.expression;
    else if (current.type === AST_NODE_TYPES.AwaitExpression) current = current.argument;
    else break;
  }
  return { root: current, methods };
}
