import type { NonFunctionalKind } from './requirements-model.ts';

/** A unit a kind accepts, and how many of the kind's base unit it is (ms, %, req/s, days, bytes). */
export interface NfrUnit {
  readonly unit: string;
  readonly factor: number;
}

const perTime: readonly NfrUnit[] = [
  { unit: 'req/s', factor: 1 },
  { unit: 'req/min', factor: 1 / 60 },
  { unit: 'req/h', factor: 1 / 3600 },
];

/** For each kind of non-functional requirement: the measures it states and the units they accept. */
export const nfrKinds: Readonly<
  Record<NonFunctionalKind, { readonly measures: readonly string[]; readonly units: readonly NfrUnit[] }>
> = {
  latency: {
    measures: ['p50', 'p90', 'p95', 'p99', 'p999', 'max'],
    units: [
      { unit: 'us', factor: 0.001 },
      { unit: 'µs', factor: 0.001 },
      { unit: 'ms', factor: 1 },
      { unit: 's', factor: 1000 },
    ],
  },
  availability: { measures: ['target'], units: [{ unit: '%', factor: 1 }] },
  throughput: { measures: ['target', 'peak'], units: perTime },
  retention: {
    measures: ['target'],
    units: [
      { unit: 'd', factor: 1 },
      { unit: 'days', factor: 1 },
      { unit: 'months', factor: 30 },
      { unit: 'years', factor: 365 },
    ],
  },
  payload: {
    measures: ['request', 'response', 'target'],
    units: [
      { unit: 'B', factor: 1 },
      { unit: 'KB', factor: 1000 },
      { unit: 'KiB', factor: 1024 },
      { unit: 'MB', factor: 1000 ** 2 },
      { unit: 'MiB', factor: 1024 ** 2 },
    ],
  },
  'rate-limit': { measures: ['target', 'burst'], units: perTime },
};

/** Every measure any kind states: the keys of a non-functional requirement that hold a quantity. */
export const nfrMeasures: readonly string[] = [...new Set(Object.values(nfrKinds).flatMap((kind) => kind.measures))];

export type ParsedQuantity =
  | { readonly quantity: { readonly value: number; readonly unit: string } }
  | { readonly problem: string; readonly fix: string };

const numberPattern = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)`;
const quantityPattern = new RegExp(String.raw`^\s*(${numberPattern})\s*(\S+)\s*$`);
const bareNumberPattern = new RegExp(String.raw`^\s*${numberPattern}\s*$`);

/**
 * Reads one measure of a non-functional requirement, written `150 ms` or `{ value: 150, unit: ms }`: a number and a
 * unit its kind accepts. Anything else gets a problem saying what is wrong, and a fix saying what to write.
 *
 * @example
 * parseNfrQuantity('150 ms', 'latency', 'p95'); // { quantity: { value: 150, unit: 'ms' } }
 * parseNfrQuantity('fast', 'latency', 'p95'); // { problem: 'p95 is "fast", not a number with a unit', fix: … }
 */
export function parseNfrQuantity(raw: unknown, kind: NonFunctionalKind, measure: string): ParsedQuantity {
  const { measures, units } = nfrKinds[kind];
  const unitList = units.map((entry) => entry.unit).join(', ');
  const { example, unit: usualUnit } = usual[kind];
  if (!measures.includes(measure)) {
    return {
      problem: `${measure} is not a measure of ${kind}`,
      fix: `Use ${measures.join(', ')} for ${kind}; or move ${measure} to a requirement of the kind it measures.`,
    };
  }
  const written = typeof raw === 'string' ? raw.trim() : raw;
  if (typeof written === 'number' || (typeof written === 'string' && bareNumberPattern.test(written))) {
    return {
      problem: `${measure} is ${String(written)} without a unit`,
      fix: `Write it with its unit (${unitList}), e.g. \`${String(written)} ${usualUnit}\`.`,
    };
  }
  const quantity = typeof written === 'string' ? fromText(written) : fromObject(written);
  if (quantity === undefined) {
    return {
      problem:
        written === null || written === undefined || written === ''
          ? `${measure} is empty`
          : `${measure} is ${JSON.stringify(written)}, not a number with a unit`,
      fix: `Write the number the service must meet and its unit, e.g. \`${example}\` or \`{ value: ${example.replace(' ', ', unit: ')} }\`.`,
    };
  }
  if (!units.some((entry) => entry.unit === quantity.unit)) {
    return {
      problem: `${measure} is in ${JSON.stringify(quantity.unit)}, which is not a unit of ${kind}`,
      fix: `Use one of ${unitList}, e.g. \`${example}\`.`,
    };
  }
  return { quantity };
}

function fromText(text: string): { value: number; unit: string } | undefined {
  const match = quantityPattern.exec(text);
  if (match === null) return undefined;
  return { value: Number(match[1]), unit: match[2] ?? '' };
}

function fromObject(raw: unknown): { value: number; unit: string } | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { value, unit } = raw as Record<string, unknown>;
  return typeof value === 'number' && Number.isFinite(value) && typeof unit === 'string' ? { value, unit } : undefined;
}

/** A quantity in its kind's base unit (ms, %, req/s, days, bytes), so that two measures compare. */
export function toBaseUnit(
  kind: NonFunctionalKind,
  quantity: { readonly value: number; readonly unit: string },
): number {
  const factor = nfrKinds[kind].units.find((entry) => entry.unit === quantity.unit)?.factor ?? Number.NaN;
  return quantity.value * factor;
}

/** The unit most targets of a kind are written in, and an example, for the fixes. */
const usual: Readonly<Record<NonFunctionalKind, { readonly unit: string; readonly example: string }>> = {
  latency: { unit: 'ms', example: '150 ms' },
  availability: { unit: '%', example: '99.9 %' },
  throughput: { unit: 'req/s', example: '200 req/s' },
  retention: { unit: 'days', example: '30 days' },
  payload: { unit: 'KB', example: '1 MB' },
  'rate-limit': { unit: 'req/min', example: '100 req/min' },
};
