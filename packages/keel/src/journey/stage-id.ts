/** The nine stages of the journey, in order. Each has a folder in the toolkit that implements its gate. */
export const stageIds = [
  'requirements',
  'architecture',
  'contract',
  'model',
  'access',
  'review',
  'tests',
  'security',
  'ship',
] as const;

export type StageId = (typeof stageIds)[number];

export function isStageId(value: string): value is StageId {
  return (stageIds as readonly string[]).includes(value);
}
