import type { Generated, Selectable } from 'kysely';
import type {
  Bookings,
  DB as SchemaDB,
  Organisations as OrganisationsTable,
  Resources as ResourcesTable,
} from '../generated/database.ts';

export type { OrganisationsTable, ResourcesTable };

/** A CHECK constraint, not an enum type, limits `bookings.status`, so the generated type says only `string`. */
export type BookingStatus = 'confirmed' | 'cancelled';

export interface BookingsTable extends Omit<Bookings, 'status'> {
  status: Generated<BookingStatus>;
}

/** The tables the handlers query: the generated interface (src/generated/database.ts), statuses narrowed. */
export interface DB extends Omit<SchemaDB, 'bookings'> {
  bookings: BookingsTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type ResourceRow = Selectable<ResourcesTable>;
export type BookingRow = Selectable<BookingsTable>;
