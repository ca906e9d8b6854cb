export { bookingHandlers } from './booking-handlers.ts';
export { longestBookingMs, rangeRefusal } from './booking-range.ts';
