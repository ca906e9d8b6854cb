import type { ColumnType, Generated, Selectable } from 'kysely';

/** Timestamps are written as ISO strings or Dates and read as Dates. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in (`default now()`). */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  created_at: CreatedAt;
}

export interface ResourcesTable {
  id: Generated<string>;
  org_id: string;
  name: string;
  description: string | null;
  created_at: CreatedAt;
}

export interface BookingsTable {
  id: Generated<string>;
  org_id: string;
  resource_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  status: Generated<'confirmed' | 'cancelled'>;
  notes: string | null;
  created_at: CreatedAt;
}

/** The tables the handlers query. */
export interface DB {
  organisations: OrganisationsTable;
  resources: ResourcesTable;
  bookings: BookingsTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
export type ResourceRow = Selectable<ResourcesTable>;
export type BookingRow = Selectable<BookingsTable>;
