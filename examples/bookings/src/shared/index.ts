export { decodeCursor, encodeCursor, pageOf, timestampText, uuidText } from './cursor.ts';
export type { BookingRow, DB, OrganisationRow, ResourceRow } from './database.ts';
export type { HandlersFor, Schemas } from './handlers-for.ts';
export { appUrl, sendMail, type Mail } from './mailer.ts';
export { randomSecret, secretHash } from './secret-hash.ts';
