import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * One log line per request, when it completes, instead of Fastify's two; every line is labelled `requestId`.
 * Pino drops the line cheaply when the level is above `info`.
 */
export class KeelLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      url: request.url,
      operationId: (request.routeOptions.config as { operationId?: string }).operationId,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 100) / 100,
    };
    if (error === null || error === undefined) request.log.info(line, 'request completed');
    else request.log.error({ ...line, err: error }, 'request errored');
  }
}
