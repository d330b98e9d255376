import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** An expected failure with a stable, machine-readable code. Thrown by services, rendered by one handler. */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: string, status: number, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export const notFound = (what: string, code = `${what}_not_found`) => new AppError(code, 404, `No such ${what.replace(/_/g, ' ')}`);
export const forbidden = (message = 'You may not do this') => new AppError('forbidden', 403, message);
export const unauthenticated = (message = 'Sign in to continue') => new AppError('unauthenticated', 401, message);

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** One place that turns every error into `{ error: { code, message, details } }`; never a stack trace. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    if (err instanceof AppError) {
      return reply.status(err.status).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => {
        const pointer = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        const issuePath = (v.params as { issue?: { path?: unknown[] } }).issue?.path?.join('.') ?? '';
        return { path: pointer || issuePath, message: v.message };
      });
      const first = details[0];
      const message = first ? `Invalid ${err.validationContext ?? 'request'}: ${first.path ? `${first.path}: ` : ''}${first.message}` : 'Invalid request';
      return reply.status(400).send(body('validation_failed', message, details));
    }
    const status = err.statusCode ?? 500;
    if (status === 429) return reply.status(429).send(body('rate_limited', 'Too many requests; try again later', err.message));
    if (status >= 400 && status < 500) {
      return reply.status(status).send(body(fastifyCode(err), clientMessage(err)));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(body('internal_error', 'Something went wrong on our side; it has been logged'));
  });

}

/**
 * Unknown routes answer 404 in the platform's error format. With the web app served, other GET
 * paths fall back to its index page so client-side routes survive a reload.
 */
export function registerNotFoundHandler(app: FastifyInstance, spaFallback?: (reply: FastifyReply) => unknown): void {
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '';
    const isApi = path.startsWith('/api/') || path === '/metrics' || path === '/health' || path.startsWith('/storage/');
    if (spaFallback && req.method === 'GET' && !isApi) return spaFallback(reply);
    return reply.status(404).send(body('route_not_found', `No route ${req.method} ${path}`));
  });
}

function body(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

function fastifyCode(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'invalid_json';
    default:
      return err.validation ? 'validation_failed' : 'bad_request';
  }
}

function clientMessage(err: FastifyError): string {
  if (err instanceof SyntaxError) return 'The request body is not valid JSON';
  return err.message;
}
