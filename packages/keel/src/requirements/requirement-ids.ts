/** The kinds of identifier `requirements.yaml` defines. */
export type RequirementIdKind = 'operation' | 'criterion' | 'rule' | 'requirement' | 'actor';

/** An upper-case area, hyphenated when it has several words: `BOOK`, `API-KEY`. */
const area = '[A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*';
const number = '[1-9][0-9]*';

/** The well-formed id of each kind, with the parts a person writes in it. */
export const idFormats: Readonly<Record<RequirementIdKind, { readonly pattern: RegExp; readonly shape: string }>> = {
  operation: { pattern: new RegExp(`^R-(${area})-(${number})$`), shape: 'R-<AREA>-<n>, e.g. R-BOOK-1' },
  criterion: {
    pattern: new RegExp(`^AC-(${area})-(${number})-(${number})$`),
    shape: 'AC-<AREA>-<n>-<m>, e.g. AC-BOOK-1-2',
  },
  rule: { pattern: new RegExp(`^BR-(${area})-(${number})$`), shape: 'BR-<AREA>-<n>, e.g. BR-BOOK-1' },
  requirement: { pattern: new RegExp(`^NFR-(${area})-(${number})$`), shape: 'NFR-<AREA>-<n>, e.g. NFR-LAT-1' },
  actor: { pattern: /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, shape: 'lower-case kebab-case, e.g. member or billing-system' },
};

/** The area and number of an operation, rule or requirement id, when it is well formed. */
export function parseNumberedId(
  kind: 'operation' | 'rule' | 'requirement',
  id: string,
): { readonly area: string; readonly number: number } | undefined {
  const match = idFormats[kind].pattern.exec(id);
  return match === null ? undefined : { area: match[1] ?? '', number: Number(match[2]) };
}

/** `AC-BOOK-1-2` → the operation it names (`R-BOOK-1`) and its own number (2), when it is well formed. */
export function parseCriterionId(id: string): { readonly operation: string; readonly number: number } | undefined {
  const match = idFormats.criterion.pattern.exec(id);
  return match === null ? undefined : { operation: `R-${match[1] ?? ''}-${match[2] ?? ''}`, number: Number(match[3]) };
}

/**
 * What a malformed id was probably meant to be: upper-cased (`r-book-1` → `R-BOOK-1`), or kebab-cased for an actor
 * (`Billing System` → `billing-system`); undefined when that is still not well formed.
 */
export function suggestId(kind: RequirementIdKind, id: string): string | undefined {
  const candidate =
    kind === 'actor'
      ? id
          .trim()
          .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
      : id
          .trim()
          .toUpperCase()
          .replace(/[\s_]+/g, '-');
  return candidate !== id && idFormats[kind].pattern.test(candidate) ? candidate : undefined;
}
