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

/** Who may read a project's working data (drafts, comments): its staff and supervisors. The download list has its own rule (R13, below). */
export function mayOverseeProject(actor: Actor, project: ProjectOrganisations): boolean {
  return isProjectStaff(actor, project) || actor.role === 'supervisor';
}

export function assertMayOversee(actor: Actor, project: ProjectOrganisations): void {
  if (!mayOverseeProject(actor, project)) throw AnnouncementErrors.notProjectStaff();
}

/**
 * Who may see who downloaded a section's tender documents (R13): the project's own staff (tenderer and agency)
 * at any time; supervisors only from 截止 on; nobody else.
 */
export function assertMaySeeDownloads(actor: Actor, project: ProjectOrganisations, bidDeadline: Date, now: Date): void {
  if (isProjectStaff(actor, project)) return;
  if (actor.role !== 'supervisor') throw AnnouncementErrors.notProjectStaff();
  if (now.getTime() < bidDeadline.getTime()) throw AnnouncementErrors.downloadListSealed(bidDeadline);
}
