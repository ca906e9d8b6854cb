import { Ajv2020, type Options } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** OpenAPI's numeric formats, which JSON Schema leaves open. */
const openApiFormats = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n <= 2 ** 31 - 1 },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
  float: { type: 'number', validate: () => true },
  double: { type: 'number', validate: () => true },
  password: { type: 'string', validate: () => true },
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  binary: { type: 'string', validate: () => true },
} as const;

/** OpenAPI annotations Ajv should accept inside schemas. */
const openApiKeywords = ['discriminator', 'xml', 'externalDocs', 'example'];

/**
 * An Ajv instance in JSON Schema 2020-12 mode with formats. `coerce` is for path, query and headers, whose values
 * arrive as strings; bodies are never coerced.
 */
export function createAjv(options: { coerce: boolean }): Ajv2020 {
  const settings: Options = {
    allErrors: true,
    strict: false,
    coerceTypes: options.coerce ? 'array' : false,
    useDefaults: options.coerce,
    validateFormats: true,
    messages: true,
  };
  const ajv = new Ajv2020(settings);
  // ajv-formats is published as CommonJS; its default export is the plugin.
  (addFormats as unknown as (ajv: Ajv2020) => void)(ajv);
  for (const [name, format] of Object.entries(openApiFormats)) ajv.addFormat(name, format);
  ajv.addVocabulary(openApiKeywords);
  return ajv;
}
