import type { TypedHandlers } from 'keel';
import type { components, operations } from '../generated/openapi.ts';
import type { DB } from './database.ts';

/** The handlers of some of the contract's operations: each module types its share, the composition root joins them. */
export type HandlersFor<OperationId extends keyof operations> = Pick<TypedHandlers<operations, DB>, OperationId>;

/** The contract's schemas, as `keel gen` typed them. */
export type Schemas = components['schemas'];
