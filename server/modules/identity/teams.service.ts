import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordAudit, type AuditEntry } from './audit.ts';
import type { Device } from './context.ts';
import { decodeCursor, pageOf } from '../../platform/pagination/cursor.ts';
import type { OrgContext } from './org-context.ts';
import { findRole } from './organizations.repository.ts';
import { organizationResource } from './policy.ts';
import {
  deleteTeam,
  deleteTeamMember,
  findTeam,
  insertTeam,
  insertTeamMember,
  listTeamMembers,
  listTeams,
  renameTeam,
  teamNameTaken,
  type TeamRow,
} from './teams.repository.ts';
import { isUniqueViolation } from './users.repository.ts';

const teamNotFound = () => new AppError('team_not_found', 404, 'No such team in this organization');
const nameTaken = () => new AppError('team_name_taken', 409, 'This organization already has a team with that name');

export function teamsService(ctx: OrgContext) {
  const { db, policies } = ctx;

  const loadTeam = async (orgId: string, teamId: string): Promise<TeamRow> => {
    const team = await findTeam(db, orgId, teamId);
    if (!team) throw teamNotFound();
    return team;
  };

  const audit = (actor: Actor, team: Pick<TeamRow, 'id' | 'orgId'>, device: Device, entry: Pick<AuditEntry, 'action' | 'metadata'>) =>
    recordAudit(db, { ...entry, orgId: team.orgId, actorUserId: actor.userId, targetType: 'team', targetId: team.id, ...device });

  return {
    async create(actor: Actor, orgId: string, name: string, device: Device): Promise<TeamRow> {
      await policies.authorize(actor, 'manageTeams', organizationResource(orgId));
      const team = await insertTeam(db, orgId, name);
      if (!team) throw nameTaken();
      await audit(actor, team, device, { action: 'org.team_created', metadata: { name } });
      return team;
    },

    async list(actor: Actor, orgId: string, page: { cursor?: string; limit: number }) {
      await policies.authorize(actor, 'listTeams', organizationResource(orgId));
      const rows = await listTeams(db, orgId, decodeCursor(page.cursor), page.limit);
      return pageOf(rows, page.limit, (r) => ({ at: r.createdAt, id: r.id }));
    },

    async get(actor: Actor, orgId: string, teamId: string) {
      await policies.authorize(actor, 'listTeams', organizationResource(orgId));
      const team = await loadTeam(orgId, teamId);
      return { team, members: await listTeamMembers(db, team.id) };
    },

    async rename(actor: Actor, orgId: string, teamId: string, name: string, device: Device): Promise<TeamRow> {
      await policies.authorize(actor, 'manageTeams', organizationResource(orgId));
      const team = await loadTeam(orgId, teamId);
      if (await teamNameTaken(db, orgId, name, team.id)) throw nameTaken();
      try {
        await renameTeam(db, team.id, name);
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken();
        throw err;
      }
      await audit(actor, team, device, { action: 'org.team_renamed', metadata: { from: team.name, to: name } });
      return { ...team, name };
    },

    async remove(actor: Actor, orgId: string, teamId: string, device: Device): Promise<void> {
      await policies.authorize(actor, 'manageTeams', organizationResource(orgId));
      const team = await loadTeam(orgId, teamId);
      await deleteTeam(db, team.id);
      await audit(actor, team, device, { action: 'org.team_deleted', metadata: { name: team.name } });
    },

    /** Adds an organisation member to the team; adding someone already in it changes nothing. */
    async addMember(actor: Actor, orgId: string, teamId: string, userId: string, device: Device) {
      await policies.authorize(actor, 'manageTeams', organizationResource(orgId));
      const team = await loadTeam(orgId, teamId);
      if (!(await findRole(db, orgId, userId))) {
        throw new AppError('not_an_org_member', 422, 'Only members of the organization can join its teams');
      }
      if (await insertTeamMember(db, team.id, userId)) {
        await audit(actor, team, device, { action: 'org.team_member_added', metadata: { userId } });
      }
      return { team: await loadTeam(orgId, teamId), members: await listTeamMembers(db, team.id) };
    },

    async removeMember(actor: Actor, orgId: string, teamId: string, userId: string, device: Device): Promise<void> {
      await policies.authorize(actor, 'manageTeams', organizationResource(orgId));
      const team = await loadTeam(orgId, teamId);
      if (!(await deleteTeamMember(db, team.id, userId))) {
        throw new AppError('team_member_not_found', 404, 'This user is not in the team');
      }
      await audit(actor, team, device, { action: 'org.team_member_removed', metadata: { userId } });
    },
  };
}

export type TeamsService = ReturnType<typeof teamsService>;
