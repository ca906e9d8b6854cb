export type * from './catalog-snapshot.ts';
export {
  compareCatalogs,
  describeChanges,
  describeDifference,
  type CatalogDifference,
  type DifferenceKind,
  type PropertyChange,
} from './compare-catalogs.ts';
export { introspectCatalog } from './introspect-catalog.ts';
export {
  proveReversibility,
  proveReversibilityOn,
  type ProveReversibilityOptions,
  type ReversibilityIssue,
} from './prove-reversibility.ts';
