import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/http/errors.ts';

/** Account security (password, 2FA, sessions, linked logins) is for a signed-in person, never an API key. */
export function requireSessionActor(actor: Actor): Extract<Actor, { type: 'user' }> {
  if (actor.type !== 'user') throw new AppError('session_required', 403, 'Sign in as a person to manage account security; API keys cannot');
  return actor;
}
