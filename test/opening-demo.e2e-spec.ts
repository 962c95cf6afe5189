import { existsSync } from 'node:fs';
import { ClockService, ReadinessService } from '@app/core';
import { seedOpeningDemo } from '@app/platform';
import { demoOrganisations } from './support/demo-orgs';
import { startTestApp, TestApp } from './support/test-app';

describe('opening console demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('seeds a section in its decryption window: two keys handed over, one objection to answer, one key pending; once', async () => {
    const { agency, orgs } = await demoOrganisations(t);
    const release = t.app.get(ReadinessService).hold('demo data');
    const result = await seedOpeningDemo(t.app, t.config, orgs);
    release();
    expect(result.seeded).toBe(true);
    expect(t.app.get(ClockService).offset).toBe(0);
    expect(new Date(result.decryptionWindowEnd!).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(existsSync(result.pendingKeyFile!)).toBe(true);

    const opening = await (await t.fetch(`/api/sections/${result.sectionId}/opening`, { token: await t.token(agency) })).json();
    expect(opening.status).toBe('decrypting');
    expect(opening.bids.map((b: { decryption: string }) => b.decryption).sort()).toEqual(['decrypted', 'decrypted', 'pending', 'pending']);
    // nothing of a bid not decrypted (R18)
    for (const b of opening.bids.filter((x: { decryption: string }) => x.decryption === 'pending')) expect(b.bidPrice).toBeNull();
    expect(opening.objections).toHaveLength(1);
    expect(opening.objections[0].answer).toBeNull();

    // the staff of the agency sees it among its projects
    const projects = await (await t.fetch('/api/projects', { token: await t.token(agency) })).json();
    expect(projects.items.some((p: { sections: { id: string }[] }) => p.sections.some((s) => s.id === result.sectionId))).toBe(true);

    expect((await seedOpeningDemo(t.app, t.config, orgs)).seeded).toBe(false);
  }, 180_000);
});
