import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Role } from '../../../common/organizations.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { findPendingInvitationToEmail } from './invitations.repository.ts';
import { announceMembershipChange } from './org-context.ts';
import { createOrgServices } from './org-services.ts';
import { findUserByEmail, insertMembership, listOrganizationsOfUser } from './organizations.repository.ts';
import { hashPassword } from './passwords.ts';
import { findTeamByName, insertTeamMember } from './teams.repository.ts';
import { insertUser } from './users.repository.ts';

/** Every demo account signs in with this password (documented in the README and printed by `npm run seed`). */
export const DEMO_PASSWORD = 'fluxworks-demo';
export const DEMO_ORGANIZATION_NAME = 'Demo Studio';
export const DEMO_TEAM_NAME = 'Design';
export const DEMO_INVITEE_EMAIL = 'invitee@fluxworks.local';

const DEMO_PEOPLE: { email: string; displayName: string; role: Role }[] = [
  { email: 'demo@fluxworks.local', displayName: 'Dana Demo', role: 'owner' },
  { email: 'admin@fluxworks.local', displayName: 'Ari Admin', role: 'admin' },
  { email: 'member@fluxworks.local', displayName: 'Mo Member', role: 'member' },
  { email: 'viewer@fluxworks.local', displayName: 'Vi Viewer', role: 'viewer' },
];

export interface SeededOrganization {
  /** What to print: the organisation and the accounts to sign in with. */
  summary: string;
  orgId: string;
  /** The demo people by role, so other modules' seeds can act as them. */
  userIds: Record<Role, string>;
}

/**
 * Loads a demo organisation with one person per role, a team and a pending invitation.
 * Running it again finds what exists and adds only what is missing.
 */
export async function seedDemoOrganization(app: FastifyInstance): Promise<SeededOrganization> {
  const services = createOrgServices(app);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const people = [];
  for (const person of DEMO_PEOPLE) {
    const user =
      (await findUserByEmail(app.db, person.email)) ??
      (await insertUser(app.db, { email: person.email, displayName: person.displayName, passwordHash, emailVerifiedAt: new Date() })) ??
      (await findUserByEmail(app.db, person.email));
    if (!user) throw new Error(`Could not create the demo user ${person.email}`);
    people.push({ ...person, user });
  }

  const [owner, ...others] = people;
  const ownerActor: Actor = { type: 'user', userId: owner!.user.id, sessionId: randomUUID() };
  const existing = (await listOrganizationsOfUser(app.db, owner!.user.id)).find(
    (o) => o.organization.name === DEMO_ORGANIZATION_NAME && o.role === 'owner',
  );
  const organization = existing?.organization ?? (await services.organizations.create(ownerActor, { name: DEMO_ORGANIZATION_NAME }, {})).organization;

  for (const person of others) {
    if (await insertMembership(app.db, { orgId: organization.id, userId: person.user.id, role: person.role })) {
      await announceMembershipChange(app, organization.id, person.user.id, person.role);
    }
  }

  const team =
    (await findTeamByName(app.db, organization.id, DEMO_TEAM_NAME)) ??
    (await services.teams.create(ownerActor, organization.id, DEMO_TEAM_NAME, {}));
  for (const person of people.filter((p) => p.role !== 'viewer')) await insertTeamMember(app.db, team.id, person.user.id);

  if (!(await findPendingInvitationToEmail(app.db, organization.id, DEMO_INVITEE_EMAIL))) {
    await services.invitations.send(ownerActor, organization.id, { email: DEMO_INVITEE_EMAIL, role: 'member' }, {});
  }

  const summary = [
    `Demo organisation "${organization.name}" (${organization.slug}) is ready, with the team "${team.name}" and an invitation to ${DEMO_INVITEE_EMAIL}.`,
    `Sign in with any of these accounts and the password "${DEMO_PASSWORD}":`,
    ...people.map((p) => `  ${p.role.padEnd(6)} ${p.user.email}`),
  ].join('\n');
  return { summary, orgId: organization.id, userIds: Object.fromEntries(people.map((p) => [p.role, p.user.id])) as Record<Role, string> };
}
