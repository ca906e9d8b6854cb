/** The essence of a Content-Type (`application/json; charset=utf-8` → `application/json`). */
export function mediaTypeEssence(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const essence = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

/** Whether a media type matches a declared one, which may be a range (`application/*`, `*\/*`). */
export function mediaTypeMatches(declared: string, actual: string): boolean {
  const range = declared.toLowerCase();
  if (range === '*/*' || range === actual) return true;
  if (range.endsWith('/*')) return actual.startsWith(range.slice(0, -1));
  return false;
}

export function isJsonMediaType(mediaType: string): boolean {
  const essence = mediaType.toLowerCase();
  return essence === 'application/json' || essence.endsWith('+json') || essence === '*/*';
}
