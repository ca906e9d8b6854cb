export { createApp, type CreateAppOptions, type KeelApp, type RuntimeMode } from './create-app.ts';
export {
  defineHandlers,
  type AnyHandler,
  type HandlerContext,
  type HandlerResult,
  type Handlers,
  type OperationBody,
  type OperationHandler,
  type OperationResult,
  type ProblemResult,
  type TypedHandlers,
} from './handler.ts';
export { startDemo, type Demo, type DemoCredential } from './demo.ts';
export { checkHandlers, loadHandlers } from './load-handlers.ts';
export type { FieldError, ProblemDocument } from './problem.ts';
