import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import type { SocketAck } from '../../../common/socket-ack.ts';
import { AppError } from '../http/errors.ts';

/**
 * The failed answer to a socket request, shaped like an HTTP error: an AppError keeps its code,
 * a schema failure is `validation_failed`, and anything else is logged and answered without detail.
 */
export function socketFailure(err: unknown, log: FastifyBaseLogger): Extract<SocketAck, { ok: false }> {
  if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
  if (err instanceof z.ZodError) return { ok: false, error: { code: 'validation_failed', message: err.issues[0]?.message ?? 'Invalid request' } };
  log.error({ err }, 'socket handler failed');
  return { ok: false, error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged' } };
}
