import { KeelError } from '../errors/index.ts';
import { runSeeds } from '../migrations/index.ts';
import type { Project } from '../project/index.ts';
import type { KeelApp } from './create-app.ts';

/** A demo principal's credentials, printed when the demo starts. */
export interface DemoCredential {
  readonly label: string;
  readonly subject: string;
  readonly accessToken: string;
  /** Seconds the token lives. */
  readonly expiresIn: number;
}

export interface Demo {
  /** The seed files that ran, in order. */
  readonly seeded: readonly string[];
  readonly credentials: readonly DemoCredential[];
}

/**
 * Makes a served project worth exploring: loads its seed data and issues an access token to each principal keel.yaml's
 * `demo.principals` names. Meant for a database that starts empty (the in-memory one `keel serve --demo` opens), since
 * seeds are not required to be repeatable.
 *
 * @example
 * const app = await createApp({ dir: 'examples/bookings', inMemory: true });
 * const { credentials } = await startDemo(app, await loadProject('examples/bookings'));
 * // curl -H "Authorization: Bearer ${credentials[0].accessToken}" …
 */
export async function startDemo(app: KeelApp, project: Project): Promise<Demo> {
  const { ran } = await runSeeds(app.database, project.paths.seeds);
  const { principals } = project.config.demo;
  if (principals.length === 0) return { seeded: ran.map((run) => run.file), credentials: [] };
  const identity = app.identity;
  if (identity === undefined) {
    throw new KeelError(
      'KEEL_DEMO_WITHOUT_IDENTITY',
      'keel.yaml names demo principals, but access.yaml has no scheme whose keys Keel manages, so Keel cannot issue their tokens',
    );
  }
  const credentials: DemoCredential[] = [];
  for (const principal of principals) {
    const tokens = await identity.issueTokensFor(
      principal.subject,
      principal.tenant === undefined ? {} : { tenant: principal.tenant },
    );
    credentials.push({
      label: principal.label,
      subject: principal.subject,
      accessToken: tokens.accessToken,
      expiresIn: tokens.expiresIn,
    });
  }
  return { seeded: ran.map((run) => run.file), credentials };
}
