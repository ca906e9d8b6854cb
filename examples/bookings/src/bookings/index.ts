export { bookingHandlers } from './booking-handlers.ts';
