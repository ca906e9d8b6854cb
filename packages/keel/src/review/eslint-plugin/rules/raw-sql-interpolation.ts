import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { createRule } from '../create-rule.ts';
import { callChain, carriesRequestData, enclosingHandler } from '../handler-functions.ts';

/** Calls that run or splice a SQL string as written: whatever is interpolated into it becomes SQL. */
const rawSinks = new Set(['raw', 'lit', 'query', 'unsafe', 'exec', '$queryRawUnsafe', '$executeRawUnsafe']);
const sqlWords = /\b(select|insert|update|delete|with)\b[\s\S]*\b(from|into|set|where|values)\b/i;

/**
 * SQL built from strings: `sql.raw(...)`, `CompiledQuery.raw(...)`, `pool.query(\`… ${x}\`)`, or a SQL-looking template
 * literal fed request data. Kysely's tagged `sql\`…${x}\`` binds `x` as a parameter and is not reported.
 */
export const rawSqlInterpolation = createRule({
  name: 'raw-sql-interpolation',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow SQL built by string interpolation or raw SQL, above all with request data.' },
    messages: {
      requestData:
        'SQL built from request data ({{how}}): a client can inject SQL. Bind values as parameters (Kysely builder or sql`…${value}`).',
      interpolated:
        'SQL built by string interpolation ({{how}}): values spliced into SQL text are injectable. Bind values as parameters (Kysely builder or sql`…${value}`).',
    },
    defaultOptions: [],
    schema: [],
  },
  create(context) {
    const report = (node: TSESTree.Node, argument: TSESTree.Node, how: string): void => {
      const handler = enclosingHandler(node);
      context.report({
        node,
        messageId: carriesRequestData(argument, handler) ? 'requestData' : 'interpolated',
        data: { how },
      });
    };
    return {
      CallExpression(node) {
        const argument = node.arguments[0];
        if (argument === undefined || node.callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = node.callee.property.type === AST_NODE_TYPES.Identifier ? node.callee.property.name : undefined;
        if (method === undefined || !rawSinks.has(method)) return;
        const { root } = callChain(node.callee.object);
        const receiver = root.type === AST_NODE_TYPES.Identifier ? root.name : '';
        if (method === 'raw' || method === 'lit') {
          // sql.raw / sql.lit / CompiledQuery.raw take SQL text as written.
          if (!/^(sql|CompiledQuery)$/.test(receiver) || isConstantString(argument)) return;
          report(node, argument, `${receiver}.${method}() with a computed string`);
          return;
        }
        if (isSpliced(argument)) report(node, argument, `${method}() with an interpolated string`);
      },
      TemplateLiteral(node) {
        if (node.parent.type === AST_NODE_TYPES.TaggedTemplateExpression || node.expressions.length === 0) return;
        if (!sqlWords.test(node.quasis.map((quasi) => quasi.value.cooked ?? '').join(' '))) return;
        // A sink call reports its own argument; here the SQL text is built apart and fed request data.
        const parent = node.parent;
        if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee.type === AST_NODE_TYPES.MemberExpression)
          return;
        const handler = enclosingHandler(node);
        if (handler === undefined || !node.expressions.some((expression) => carriesRequestData(expression, handler))) {
          return;
        }
        context.report({ node, messageId: 'requestData', data: { how: 'a SQL template literal' } });
      },
    };
  },
});

function isConstantString(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') ||
    (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0)
  );
}

/** A string with computed parts: a template literal with expressions, or `+` with a non-literal side. */
function isSpliced(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.expressions.length > 0;
  if (node.type === AST_NODE_TYPES.BinaryExpression && node.operator === '+') {
    return !(node.left.type === AST_NODE_TYPES.Literal && node.right.type === AST_NODE_TYPES.Literal);
  }
  return false;
}
