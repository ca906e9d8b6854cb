/** A user as another user sees them: the columns every profile query selects. */
export interface ProfileRow {
  readonly username: string;
  readonly bio: string;
  readonly image: string;
  readonly following: boolean;
}

/** The contract's Profile. */
export function profileOf(row: ProfileRow): { username: string; bio: string; image: string; following: boolean } {
  return { username: row.username, bio: row.bio, image: row.image, following: row.following };
}
