import { childAt, schemaOf, type SurfaceOperation, type SurfaceParameter } from './api-surface.ts';
import { diffContent } from './diff-content.ts';
import type { DiffContext } from './diff-context.ts';
import { diffResponses } from './diff-responses.ts';
import { diffSchemas } from './diff-schemas.ts';
import { diffOperationSecurity } from './diff-security.ts';
import { formatSunset, readSunset } from './sunset.ts';

/** Compares one operation present in both contracts: lifecycle, parameters, body, responses, security. */
export function diffOperation(context: DiffContext, base: SurfaceOperation, head: SurfaceOperation): void {
  const { sink } = context;
  const operations = [head.label];
  if (base.operationId !== head.operationId && base.operationId !== undefined && head.operationId !== undefined) {
    sink.add(
      'operation-id-changed',
      `operationId changed from ${base.operationId} to ${head.operationId} (generated clients rename the method)`,
      childAt(base.at, 'operationId'),
      childAt(head.at, 'operationId'),
      operations,
    );
  }
  diffLifecycle(context, base, head);
  diffParameters(context, base, head);
  diffRequestBody(context, base, head);
  diffResponses(context, base, head);
  diffOperationSecurity(base, head, sink);
}

function diffLifecycle(context: DiffContext, base: SurfaceOperation, head: SurfaceOperation): void {
  const { sink } = context;
  const operations = [head.label];
  const before = readSunset(context.base.documents, base.at, [...base.responses.values()]);
  const after = readSunset(context.head.documents, head.at, [...head.responses.values()]);
  const baseAt = childAt(base.at, 'deprecated');
  const headAt = childAt(head.at, 'deprecated');
  if (!head.deprecated) {
    if (base.deprecated)
      sink.add('operation-undeprecated', `${head.label} is no longer deprecated`, baseAt, headAt, operations);
    return;
  }
  if (after.invalid) {
    sink.add(
      'operation-sunset-invalid',
      `x-sunset ${formatSunset(after)} is not a date`,
      baseAt,
      childAt(head.at, 'x-sunset'),
      operations,
    );
    return;
  }
  if (!base.deprecated) {
    if (after.declared) {
      sink.add(
        'operation-deprecated',
        `${head.label} was deprecated (sunset ${after.date === undefined ? 'declared by a Sunset header' : formatSunset(after)})`,
        baseAt,
        headAt,
        operations,
      );
    } else {
      sink.add(
        'operation-deprecated-sunset-missing',
        `${head.label} was deprecated without a sunset date: add x-sunset (or a Sunset response header) so clients know when it goes`,
        baseAt,
        headAt,
        operations,
      );
    }
    return;
  }
  if (before.declared && !after.declared) {
    sink.add(
      'operation-sunset-removed',
      `${head.label} is deprecated but no longer has a sunset date (was ${formatSunset(before)})`,
      childAt(base.at, 'x-sunset'),
      headAt,
      operations,
    );
  } else if (before.date !== undefined && after.date !== undefined && after.date < before.date) {
    sink.add(
      'operation-sunset-brought-forward',
      `sunset moved from ${formatSunset(before)} to ${formatSunset(after)}`,
      childAt(base.at, 'x-sunset'),
      childAt(head.at, 'x-sunset'),
      operations,
    );
  }
}

function diffParameters(context: DiffContext, base: SurfaceOperation, head: SurfaceOperation): void {
  const { sink } = context;
  const operations = [head.label];
  for (const [key, before] of base.parameters) {
    const after = head.parameters.get(key);
    if (after === undefined) {
      sink.add(
        'request-parameter-removed',
        `${parameterLabel(before)} was removed (clients still send it)`,
        before.at,
        head.at,
        operations,
      );
      continue;
    }
    const label = parameterLabel(after);
    if (before.in === 'path' && before.name !== after.name) {
      sink.add(
        'path-parameter-renamed',
        `path parameter {${before.name}} renamed to {${after.name}} (the URL is unchanged)`,
        before.at,
        after.at,
        operations,
      );
    }
    if (!before.required && after.required) {
      sink.add(
        'request-parameter-became-required',
        `${label} became required`,
        before.at,
        childAt(after.at, 'required'),
        operations,
      );
    } else if (before.required && !after.required) {
      sink.add(
        'request-parameter-became-optional',
        `${label} became optional`,
        childAt(before.at, 'required'),
        after.at,
        operations,
      );
    }
    if (serialisation(before) !== serialisation(after)) {
      sink.add(
        'request-parameter-style-changed',
        `${label} is serialised differently (${serialisation(before)} → ${serialisation(after)})`,
        childAt(before.at, 'style'),
        childAt(after.at, 'style'),
        operations,
      );
    }
    if (before.at.value['deprecated'] !== true && after.at.value['deprecated'] === true) {
      const sunset = readSunset(context.head.documents, after.at);
      if (sunset.invalid)
        sink.add(
          'request-parameter-sunset-invalid',
          `${label} has an x-sunset that is not a date`,
          before.at,
          childAt(after.at, 'x-sunset'),
          operations,
        );
      else if (!sunset.declared)
        sink.add(
          'request-parameter-deprecated-sunset-missing',
          `${label} was deprecated without a sunset date (x-sunset)`,
          before.at,
          childAt(after.at, 'deprecated'),
          operations,
        );
      else
        sink.add(
          'request-parameter-deprecated',
          `${label} was deprecated (sunset ${formatSunset(sunset)})`,
          before.at,
          childAt(after.at, 'deprecated'),
          operations,
        );
    }
    const beforeSchema = schemaOf(before.at);
    const afterSchema = schemaOf(after.at);
    diffSchemas(
      {
        ...context,
        direction: 'request',
        rootNoun: 'parameter',
        rootLabel: label,
        rootTrail: after.name,
        operations,
      },
      beforeSchema,
      afterSchema,
    );
  }
  for (const [key, after] of head.parameters) {
    if (base.parameters.has(key)) continue;
    const id = after.required ? 'request-parameter-added-required' : 'request-parameter-added';
    sink.add(
      id,
      `${parameterLabel(after)} was added${after.required ? ' as required' : ''}`,
      base.at,
      after.at,
      operations,
    );
  }
}

function diffRequestBody(context: DiffContext, base: SurfaceOperation, head: SurfaceOperation): void {
  const { sink } = context;
  const operations = [head.label];
  const before = base.requestBody;
  const after = head.requestBody;
  if (before === undefined && after === undefined) return;
  if (before === undefined && after !== undefined) {
    const required = after.value['required'] === true;
    sink.add(
      required ? 'request-body-added-required' : 'request-body-added',
      `a ${required ? 'required' : 'optional'} request body was added`,
      base.at,
      after,
      operations,
    );
    return;
  }
  if (before !== undefined && after === undefined) {
    sink.add('request-body-removed', `the request body was removed`, before, head.at, operations);
    return;
  }
  if (before === undefined || after === undefined) return;
  const wasRequired = before.value['required'] === true;
  const isRequired = after.value['required'] === true;
  if (!wasRequired && isRequired)
    sink.add(
      'request-body-became-required',
      `the request body became required`,
      before,
      childAt(after, 'required'),
      operations,
    );
  if (wasRequired && !isRequired)
    sink.add(
      'request-body-became-optional',
      `the request body became optional`,
      childAt(before, 'required'),
      after,
      operations,
    );
  diffContent(context, 'request', `request body`, before, after, operations);
}

function serialisation(parameter: SurfaceParameter): string {
  const style =
    typeof parameter.at.value['style'] === 'string' ? parameter.at.value['style'] : defaultStyle(parameter.in);
  const explode = typeof parameter.at.value['explode'] === 'boolean' ? parameter.at.value['explode'] : style === 'form';
  return `style ${style}${explode ? ', exploded' : ''}`;
}

function defaultStyle(location: string): string {
  return location === 'query' || location === 'cookie' ? 'form' : 'simple';
}

function parameterLabel(parameter: SurfaceParameter): string {
  return `${parameter.in} parameter ${parameter.name}`;
}
