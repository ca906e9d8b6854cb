import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.ts';
import { enclosingHandler, requestPartOf, type RequestPart } from '../handler-functions.ts';

/** What the contract declares for one operation; a part left out is not judged (an open schema, or no contract). */
export type DeclaredFields = Partial<Record<RequestPart, readonly string[]>>;

export interface UndeclaredRequestFieldOptions {
  /** By operationId; `keel review` fills it from openapi.yaml. */
  readonly operations: Readonly<Record<string, DeclaredFields>>;
}

/**
 * A handler that reads `body.role` when the contract's request body has no `role` reads what validation never checked
 * (mass assignment, hidden switches). Keel passes each operation's declared fields as the rule's options.
 */
export const undeclaredRequestField = createRule<[UndeclaredRequestFieldOptions], 'undeclared'>({
  name: 'undeclared-request-field',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow handlers reading request fields the contract does not declare.' },
    messages: {
      undeclared:
        '{{operationId}} reads {{part}}.{{field}}, which the contract does not declare: validation never checked it. Declare it in openapi.yaml or stop reading it.',
    },
    defaultOptions: [{ operations: {} }],
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          operations: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              additionalProperties: false,
              properties: Object.fromEntries(
                ['params', 'query', 'headers', 'body'].map((part) => [
                  part,
                  { type: 'array', items: { type: 'string' } },
                ]),
              ),
            },
          },
        },
      },
    ],
  },
  create(context, [options]) {
    const check = (node: TSESTree.Node, object: TSESTree.Node, field: string): void => {
      const handler = enclosingHandler(node);
      if (handler?.operationId === undefined) return;
      const part = requestPartOf(object, handler);
      if (
        part === undefined ||
        (object.type === AST_NODE_TYPES.MemberExpression && requestPartOf(object.object, handler) === part)
      )
        return;
      const declared = options.operations[handler.operationId]?.[part];
      if (declared === undefined) return;
      const known = part === 'headers' ? declared.map((name) => name.toLowerCase()) : declared;
      if (known.includes(part === 'headers' ? field.toLowerCase() : field)) return;
      context.report({ node, messageId: 'undeclared', data: { operationId: handler.operationId, part, field } });
    };
    return {
      MemberExpression(node) {
        const field = memberName(node);
        if (field !== undefined) check(node, node.object, field);
      },
      VariableDeclarator(node) {
        if (node.id.type !== AST_NODE_TYPES.ObjectPattern || node.init === null) return;
        for (const property of node.id.properties) {
          if (property.type !== AST_NODE_TYPES.Property) continue;
          const field =
            property.key.type === AST_NODE_TYPES.Identifier
              ? property.key.name
              : property.key.type === AST_NODE_TYPES.Literal
                ? String(property.key.value)
                : undefined;
          if (field !== undefined) check(property, node.init, field);
        }
      },
    };
  },
});

function memberName(node: TSESTree.MemberExpression): string | undefined {
  if (!node.computed && node.property.type === AST_NODE_TYPES.Identifier) return node.property.name;
  if (node.computed && node.property.type === AST_NODE_TYPES.Literal && typeof node.property.value === 'string')
    return node.property.value;
  return undefined;
}
