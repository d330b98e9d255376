import { desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invitation, InvitationPreview, OrganizationDetail, OrganizationWithRole, Page } from '../../../common/organizations.ts';
import { buildTestApp, type TestApp } from '../../../test/support/backend.ts';
import { bearer, buildMember, buildOrganization, buildUser } from '../../../test/support/factories.ts';
import { errorCode } from '../../../test/support/responses.ts';
import { mailOutbox } from '../../platform/mail/tables.ts';
import { invitations } from './tables.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const api = (method: 'GET' | 'POST' | 'DELETE', url: string, token?: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: token ? bearer(token) : {}, payload });

/** The token from the newest invitation link mailed to `email`. */
async function invitationTokenSentTo(email: string): Promise<string> {
  const [message] = await t.app.db.select().from(mailOutbox).where(eq(mailOutbox.to, email)).orderBy(desc(mailOutbox.createdAt)).limit(1);
  const token = message?.text.match(/\/invitations\/([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`No invitation mailed to ${email}`);
  return token;
}

async function setup() {
  const owner = await buildUser(t.app, { displayName: 'Olive Owner' });
  const org = await buildOrganization(t.app, owner.user.id, 'Invite Studio');
  const email = `invitee-${Math.random().toString(36).slice(2)}@example.test`;
  return { owner, org, email };
}

describe('invitations', () => {
  it('mails a link whose preview names the organisation, and accepting it grants the role', async () => {
    const { owner, org, email } = await setup();
    const sent = await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email, role: 'member' });
    expect(sent.statusCode).toBe(201);
    expect(sent.json<{ invitation: Invitation }>().invitation).toMatchObject({ email, role: 'member', status: 'pending', invitedBy: { id: owner.user.id } });
    expect(sent.body).not.toMatch(/token/i);

    const token = await invitationTokenSentTo(email);
    const [mail] = await t.app.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
    expect(mail!.text).toContain(`http://localhost:3000/invitations/${token}`);
    expect(mail!.subject).toContain('Invite Studio');

    const preview = await api('GET', `/invitations/${token}`);
    expect(preview.statusCode).toBe(200);
    expect(preview.json<InvitationPreview>()).toMatchObject({ organization: { id: org.id, name: 'Invite Studio' }, email, role: 'member' });

    const invitee = await buildUser(t.app, { email: email.toUpperCase() });
    const accepted = await api('POST', `/invitations/${token}/accept`, invitee.token);
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json<OrganizationWithRole>()).toMatchObject({ organization: { id: org.id }, role: 'member' });
    expect((await api('GET', `/orgs/${org.id}`, invitee.token)).json<OrganizationDetail>().role).toBe('member');

    const twice = await api('POST', `/invitations/${token}/accept`, invitee.token);
    expect(twice.statusCode).toBe(409);
    expect(errorCode(twice)).toBe('invitation_already_accepted');
  });

  it('stores only a hash of the token', async () => {
    const { owner, org, email } = await setup();
    await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email, role: 'viewer' });
    const token = await invitationTokenSentTo(email);
    const rows = await t.app.db.select().from(invitations).where(eq(invitations.orgId, org.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses someone signed in with a different email', async () => {
    const { owner, org, email } = await setup();
    await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email, role: 'admin' });
    const token = await invitationTokenSentTo(email);
    const stranger = await buildUser(t.app);
    const res = await api('POST', `/invitations/${token}/accept`, stranger.token);
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('invitation_email_mismatch');
    expect((await api('GET', `/orgs/${org.id}`, stranger.token)).statusCode).toBe(404);
  });

  it('refuses the invited address until it is verified', async () => {
    const { owner, org, email } = await setup();
    await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email, role: 'member' });
    const token = await invitationTokenSentTo(email);
    const unverified = await buildUser(t.app, { email, emailVerified: false });
    const res = await api('POST', `/invitations/${token}/accept`, unverified.token);
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('email_not_verified');
  });

  it('refuses an expired invitation with 410', async () => {
    const { owner, org, email } = await setup();
    await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email, role: 'member' });
    const token = await invitationTokenSentTo(email);
    await t.app.db.update(invitations).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(invitations.orgId, org.id));

    const invitee = await buildUser(t.app, { email });
    for (const res of [await api('GET', `/invitations/${token}`), await api('POST', `/invitations/${token}/accept`, invitee.token)]) {
      expect(res.statusCode).toBe(410);
      expect(errorCode(res)).toBe('invitation_expired');
    }
    const listed = await api('GET', `/orgs/${org.id}/invitations`, owner.token);
    expect(listed.json<Page<Invitation>>().items[0]?.status).toBe('expired');
  });

  it('expires invitations after the configured number of days', async () => {
    const { owner, org, email } = await setup();
    const sent = await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email, role: 'member' });
    const days = (Date.parse(sent.json<{ invitation: Invitation }>().invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
  });

  it('replaces a pending invitation when the same email is invited again', async () => {
    const { owner, org, email } = await setup();
    await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email, role: 'viewer' });
    const firstToken = await invitationTokenSentTo(email);
    await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email: email.toUpperCase(), role: 'admin' });
    const secondToken = await invitationTokenSentTo(email.toUpperCase());

    expect(errorCode(await api('GET', `/invitations/${firstToken}`))).toBe('invitation_not_found');
    expect((await api('GET', `/invitations/${secondToken}`)).json<InvitationPreview>().role).toBe('admin');
    const listed = await api('GET', `/orgs/${org.id}/invitations`, owner.token);
    expect(listed.json<Page<Invitation>>().items).toHaveLength(1);
  });

  it('lets an admin revoke an invitation, after which its link is dead', async () => {
    const { owner, org, email } = await setup();
    const admin = await buildMember(t.app, org.id, 'admin');
    const sent = await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email, role: 'member' });
    const invitationId = sent.json<{ invitation: Invitation }>().invitation.id;
    const token = await invitationTokenSentTo(email);
    const revoked = await api('DELETE', `/orgs/${org.id}/invitations/${invitationId}`, admin.token);
    expect(revoked.statusCode).toBe(204);
    expect((await api('GET', `/invitations/${token}`)).statusCode).toBe(404);
    expect((await api('DELETE', `/orgs/${org.id}/invitations/${invitationId}`, admin.token)).statusCode).toBe(404);
  });

  it('keeps invitations to admins and owners: members get 403, only owners invite owners', async () => {
    const { owner, org, email } = await setup();
    const member = await buildMember(t.app, org.id, 'member');
    const admin = await buildMember(t.app, org.id, 'admin');
    expect((await api('POST', `/orgs/${org.id}/invitations`, member.token, { email, role: 'viewer' })).statusCode).toBe(403);
    expect((await api('GET', `/orgs/${org.id}/invitations`, member.token)).statusCode).toBe(403);
    expect((await api('POST', `/orgs/${org.id}/invitations`, admin.token, { email, role: 'owner' })).statusCode).toBe(403);
    expect((await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email, role: 'owner' })).statusCode).toBe(201);
  });

  it('refuses to invite someone who is already a member', async () => {
    const { owner, org } = await setup();
    const member = await buildMember(t.app, org.id, 'member');
    const res = await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email: member.user.email, role: 'admin' });
    expect(res.statusCode).toBe(409);
    expect(errorCode(res)).toBe('already_member');
  });

  it('answers 404 for an unknown token and rejects a malformed email', async () => {
    const { owner, org } = await setup();
    expect(errorCode(await api('GET', `/invitations/${'x'.repeat(43)}`))).toBe('invitation_not_found');
    const res = await api('POST', `/orgs/${org.id}/invitations`, owner.token, { email: 'not-an-email', role: 'member' });
    expect(res.statusCode).toBe(400);
  });
});
