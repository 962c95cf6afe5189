export const ORGANISATION_KINDS = ['bidder', 'tenderer', 'agency', 'supervisor', 'platform'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** What other modules may know of an organisation (they read it through IdentityService, never its table). */
export interface OrganisationSummary {
  id: string;
  /** 统一社会信用代码 */
  uscc: string;
  name: string;
  kind: OrganisationKind;
  regionCode: string | null;
}
