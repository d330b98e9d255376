import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { studioLimits } from '../../../../common/limits.ts';
import type { ProjectDetail, ProjectMember, ProjectRole } from '../../../../common/studio.ts';
import { PROJECT_ROLES } from '../../../../common/studio.ts';
import { api } from '../../lib/api.ts';
import { errorMessage, formErrors, formText } from '../../lib/forms.ts';
import { initials } from '../../lib/format.ts';
import { Alert, Badge, Button, Card, CardBody, CardHeader, Dialog, Input, Select, Spinner, TBody, THead, Table, Td, Th, Tr, Textarea, useToast } from '../../lib/ui/index.ts';
import { IntegrationsSettings } from './comments/index.ts';
import { useProjectContext } from './project-context.ts';
import { studioKeys, useOrganizationPeople, useProjectMembers } from './queries.ts';

export function ProjectSettingsPage() {
  const { project, can } = useProjectContext();
  return (
    <div className="space-y-6">
      {can('update') ? <DetailsCard /> : null}
      <MembersCard />
      {can('manageIntegrations') ? <IntegrationsSettings projectId={project.id} /> : null}
      {can('archive') || can('delete') ? <LifecycleCard /> : null}
    </div>
  );
}

function useProjectUpdate() {
  const { project } = useProjectContext();
  const queryClient = useQueryClient();
  return (detail: ProjectDetail) => {
    queryClient.setQueryData(studioKeys.project(project.id), detail);
    void queryClient.invalidateQueries({ queryKey: studioKeys.allProjects(project.orgId) });
  };
}

function DetailsCard() {
  const { project } = useProjectContext();
  const toast = useToast();
  const applied = useProjectUpdate();
  const save = useMutation({
    mutationFn: (body: { name: string; description: string; visibility: string }) => api.patch<ProjectDetail>(`/projects/${project.id}`, body),
    onSuccess: (detail) => {
      applied(detail);
      toast('Project saved');
    },
  });
  const errors = formErrors(save.error, ['name', 'description'] as const);
  return (
    <Card>
      <CardHeader title="Details" description="Name, description and who can see the project." />
      <CardBody>
        <form
          className="max-w-xl space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            const form = event.currentTarget;
            save.mutate({ name: formText(form, 'name').trim(), description: formText(form, 'description').trim(), visibility: formText(form, 'visibility') });
          }}
        >
          <Input label="Name" name="name" required defaultValue={project.name} maxLength={studioLimits.projectName.max} error={errors.fields.name} />
          <Textarea label="Description" name="description" rows={3} defaultValue={project.description} maxLength={studioLimits.projectDescription.max} error={errors.fields.description} />
          <Select label="Who can see it" name="visibility" defaultValue={project.visibility}>
            <option value="organization">Everyone in the organisation</option>
            <option value="private">Only people added to the project (and admins)</option>
          </Select>
          {errors.form ? <Alert tone="danger">{errors.form}</Alert> : null}
          <Button type="submit" loading={save.isPending}>
            Save changes
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

const projectRoleHelp: Record<ProjectRole, string> = {
  admin: 'Manages the project, its members and integrations',
  member: 'Uploads files, chats, comments and edits documents',
  viewer: 'Reads everything, changes nothing',
};

function MembersCard() {
  const { project, can } = useProjectContext();
  const members = useProjectMembers(project.id);
  const queryClient = useQueryClient();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const canManage = can('manageMembers');

  const setRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: ProjectRole }) => api.put<{ items: ProjectMember[] }>(`/projects/${project.id}/members/${userId}`, { role }),
    onSuccess: (result) => {
      queryClient.setQueryData(studioKeys.members(project.id), result.items);
      toast('Project role saved');
    },
    onError: (error) => toast(errorMessage(error), 'danger'),
  });
  const reset = useMutation({
    mutationFn: (userId: string) => api.delete(`/projects/${project.id}/members/${userId}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: studioKeys.members(project.id) }),
    onError: (error) => toast(errorMessage(error), 'danger'),
  });

  return (
    <Card>
      <CardHeader
        title="People"
        description={
          project.visibility === 'private'
            ? 'Only the people listed here and organisation admins can open this project.'
            : 'Everyone in the organisation can open this project with their organisation role; a project role can narrow it.'
        }
        actions={
          canManage ? (
            <Button size="sm" onClick={() => setAdding(true)}>
              Add person
            </Button>
          ) : null
        }
      />
      {members.isPending ? (
        <CardBody>
          <Spinner label="Loading people…" />
        </CardBody>
      ) : members.isError ? (
        <CardBody>
          <Alert tone="danger">{errorMessage(members.error)}</Alert>
        </CardBody>
      ) : (
        <Table label="Project members">
          <THead>
            <Th>Person</Th>
            <Th>Role here</Th>
            <Th className="hidden sm:table-cell">Organisation role</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </THead>
          <TBody>
            {members.data.map((member) => (
              <Tr key={member.user.id}>
                <Td>
                  <div className="flex items-center gap-2.5">
                    <span className="grid size-8 shrink-0 place-items-center rounded-full bg-accent-soft text-xs font-semibold text-accent">{initials(member.user.displayName)}</span>
                    <div className="min-w-0">
                      <p className="truncate font-medium">{member.user.displayName}</p>
                      <p className="truncate text-xs text-muted">{member.user.email}</p>
                    </div>
                  </div>
                </Td>
                <Td>
                  {canManage && member.organizationRole !== 'owner' ? (
                    <select
                      aria-label={`Project role of ${member.user.displayName}`}
                      value={member.projectRole ?? ''}
                      onChange={(event) => {
                        const role = event.target.value;
                        if (role) setRole.mutate({ userId: member.user.id, role: role as ProjectRole });
                        else reset.mutate(member.user.id);
                      }}
                      className="h-8 rounded-lg border border-border bg-surface px-2 text-[13px] shadow-card"
                    >
                      {project.visibility === 'organization' || !member.projectRole ? <option value="">Organisation role ({member.organizationRole})</option> : null}
                      {PROJECT_ROLES.map((role) => (
                        <option key={role} value={role}>
                          {role}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <Badge className="capitalize">{member.role}</Badge>
                  )}
                </Td>
                <Td className="hidden text-muted capitalize sm:table-cell">{member.organizationRole}</Td>
                <Td className="text-right">
                  {canManage && member.projectRole && project.visibility === 'private' ? (
                    <Button variant="secondary" size="sm" onClick={() => reset.mutate(member.user.id)}>
                      Remove
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      )}
      {adding ? <AddPersonDialog onClose={() => setAdding(false)} present={new Set(members.data?.filter((m) => m.projectRole).map((m) => m.user.id))} /> : null}
    </Card>
  );
}

function AddPersonDialog({ onClose, present }: { onClose: () => void; present: Set<string> }) {
  const { project } = useProjectContext();
  const queryClient = useQueryClient();
  const organisation = useOrganizationPeople(project.orgId);
  const add = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: string }) => api.put<{ items: ProjectMember[] }>(`/projects/${project.id}/members/${userId}`, { role }),
    onSuccess: (result) => {
      queryClient.setQueryData(studioKeys.members(project.id), result.items);
      onClose();
    },
  });
  const candidates = (organisation.data ?? []).filter((member) => !present.has(member.user.id) && member.role !== 'owner');
  return (
    <Dialog open onClose={onClose} title="Add a person to the project">
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          add.mutate({ userId: formText(form, 'userId'), role: formText(form, 'role') });
        }}
      >
        <Select label="Person" name="userId" required>
          {candidates.map((member) => (
            <option key={member.user.id} value={member.user.id}>
              {member.user.displayName} ({member.user.email})
            </option>
          ))}
        </Select>
        <Select label="Role in this project" name="role" defaultValue="member" hint="A project role never goes above the person’s organisation role.">
          {PROJECT_ROLES.map((role) => (
            <option key={role} value={role}>
              {role} — {projectRoleHelp[role]}
            </option>
          ))}
        </Select>
        {add.error ? <Alert tone="danger">{errorMessage(add.error)}</Alert> : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={add.isPending} disabled={candidates.length === 0}>
            Add
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function LifecycleCard() {
  const { project, can } = useProjectContext();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const applied = useProjectUpdate();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const archived = project.status === 'archived';
  const toggle = useMutation({
    mutationFn: () => api.post<ProjectDetail>(`/projects/${project.id}/${archived ? 'restore' : 'archive'}`),
    onSuccess: (detail) => {
      applied(detail);
      toast(archived ? 'Project restored' : 'Project archived');
    },
    onError: (error) => toast(errorMessage(error), 'danger'),
  });
  const remove = useMutation({
    mutationFn: () => api.delete(`/projects/${project.id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: studioKeys.allProjects(project.orgId) });
      toast(`“${project.name}” was deleted`);
      void navigate(`/orgs/${project.orgId}/projects`);
    },
    onError: (error) => toast(errorMessage(error), 'danger'),
  });
  return (
    <Card>
      <CardHeader title="Archive or delete" />
      <CardBody className="space-y-4">
        {can('archive') ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted">
              {archived ? 'Restoring makes the project editable again.' : 'An archived project stays readable but nobody can change it until it is restored.'}
            </p>
            <Button variant="secondary" loading={toggle.isPending} onClick={() => toggle.mutate()}>
              {archived ? 'Restore project' : 'Archive project'}
            </Button>
          </div>
        ) : null}
        {can('delete') ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted">Deleting removes the project with its files, messages and documents. It cannot be undone.</p>
            <Button variant="danger" onClick={() => setConfirmDelete(true)}>
              Delete project
            </Button>
          </div>
        ) : null}
      </CardBody>
      <Dialog
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete “${project.name}”?`}
        description="Its files, messages, comments and documents are deleted with it."
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirmDelete(false)}>
              Cancel
            </Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete project
            </Button>
          </>
        }
      />
    </Card>
  );
}
