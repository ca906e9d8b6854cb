import { defineHandlers } from 'keel';
import { bookingHandlers } from './bookings/index.ts';
import type { operations } from './generated/openapi.ts';
import { identityHandlers } from './identity/index.ts';
import { apiKeyHandlers } from './integrations/index.ts';
import { memberHandlers } from './members/index.ts';
import { organisationHandlers } from './organisations/index.ts';
import { resourceHandlers } from './resources/index.ts';
import type { DB } from './shared/index.ts';

/**
 * The composition root: one handler per operation of openapi.yaml, gathered from the modules of architecture.yaml.
 * `defineHandlers` refuses to compile while an operation has no handler or a handler's types disagree with the contract.
 */
export const handlers = defineHandlers<operations, DB>()({
  ...identityHandlers,
  ...organisationHandlers,
  ...memberHandlers,
  ...resourceHandlers,
  ...bookingHandlers,
  ...apiKeyHandlers,
});
