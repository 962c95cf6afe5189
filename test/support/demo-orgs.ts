import type { TestApp, TestUser } from './test-app';

/** The organisations a demo seed (libs/platform) acts for, made as test accounts: a tenderer, an agency, four bidders. */
export async function demoOrganisations(t: TestApp): Promise<{
  agency: TestUser;
  bidders: TestUser[];
  orgs: { tenderer: string; agency: string; bidderA: string; bidderB: string; bidderC: string; bidderD: string };
}> {
  const agency = await t.user('staff', { kind: 'agency' });
  const bidders: TestUser[] = [];
  for (let i = 0; i < 4; i++) bidders.push(await t.user('bidder'));
  const orgs = {
    tenderer: (await t.user('staff')).organisationId,
    agency: agency.organisationId,
    bidderA: bidders[0].organisationId,
    bidderB: bidders[1].organisationId,
    bidderC: bidders[2].organisationId,
    bidderD: bidders[3].organisationId,
  };
  return { agency, bidders, orgs };
}
