import type { Actor } from '@app/core';
import { AnnouncementErrors } from '../announcements.errors';

/** The organisations that run a project: its tenderer and its agency. */
export interface ProjectOrganisations {
  tendererOrgId: string;
  agencyOrgId: string | null;
}

/** Staff of the project's tenderer or agency (the "project's own staff"). */
export function isProjectStaff(actor: Actor, project: ProjectOrganisations): boolean {
  return (
    actor.role === 'staff' &&
    !!actor.organisationId &&
    (actor.organisationId === project.tendererOrgId || actor.organisationId === project.agencyOrgId)
  );
}

export function assertProjectStaff(actor: Actor, project: ProjectOrganisations): void {
  if (!isProjectStaff(actor, project)) throw AnnouncementErrors.notProjectStaff();
}

/** Who may read a project's working data (drafts, the download list, comments): its staff and supervisors (R13). */
export function mayOverseeProject(actor: Actor, project: ProjectOrganisations): boolean {
  return isProjectStaff(actor, project) || actor.role === 'supervisor';
}

export function assertMayOversee(actor: Actor, project: ProjectOrganisations): void {
  if (!mayOverseeProject(actor, project)) throw AnnouncementErrors.notProjectStaff();
}
