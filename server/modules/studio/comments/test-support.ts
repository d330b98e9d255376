import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../../../common/organizations.ts';
import type { ProjectDetail } from '../../../../common/studio.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../../test/support/factories.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** `app.inject` against /api/v1 with a bearer credential. */
export const apiOf =
  (app: FastifyInstance) =>
  (method: Method, url: string, credential: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: bearer(credential), payload });

/** An organisation with an owner, a project the owner created, and people in the roles asked for. */
export async function projectWithPeople(app: FastifyInstance, roles: Role[] = []) {
  const owner = await buildUser(app);
  const org = await buildOrganization(app, owner.user.id, 'Comment Org');
  const res = await apiOf(app)('POST', `/orgs/${org.id}/projects`, owner.token, { name: 'Poster review' });
  expect(res.statusCode).toBe(201);
  const project = res.json<ProjectDetail>().project;
  const people = [];
  for (const role of roles) people.push(await buildMember(app, org.id, role));
  return { owner, org, project, people };
}

export const mention = (user: { id: string; displayName: string }) => `@[${user.displayName}](${user.id})`;

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
