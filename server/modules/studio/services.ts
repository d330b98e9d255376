import type { StudioContext } from './context.ts';
import { projectAccess } from './project-access.ts';
import { projectsService } from './projects.service.ts';

/** The studio services, built once per app and handed to the route plugins and socket handlers. */
export function createStudioServices(ctx: StudioContext) {
  const access = projectAccess(ctx);
  return {
    access,
    projects: projectsService(ctx, access),
  };
}

export type StudioServices = ReturnType<typeof createStudioServices>;
