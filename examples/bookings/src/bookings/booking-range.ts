/** The longest booking (BR-BOOK-3): 7 days. */
export const longestBookingMs = 7 * 24 * 60 * 60 * 1000;

/** Why a time range cannot be booked, or undefined when it can: it must end after it starts, within 7 days. */
export function rangeRefusal(
  startsAt: string,
  endsAt: string,
): { readonly code: 'BOOKING_EMPTY_RANGE' | 'BOOKING_TOO_LONG'; readonly detail: string } | undefined {
  const length = Date.parse(endsAt) - Date.parse(startsAt);
  if (length <= 0) return { code: 'BOOKING_EMPTY_RANGE', detail: 'endsAt must be later than startsAt.' };
  if (length > longestBookingMs) return { code: 'BOOKING_TOO_LONG', detail: 'A booking lasts at most 7 days.' };
  return undefined;
}
