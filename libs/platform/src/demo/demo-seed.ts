import { INestApplicationContext, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlatformConfig, Role, SYSTEM_ACTOR } from '@app/core';
import { AuthService, IdentityService, LOGIN_LIMITS, OrganisationKind, withCheckCharacter } from '@app/identity';
import { seedAnnouncementsDemo } from './announcements-demo';
import { seedBidsDemo } from './bids-demo';
import { seedAwardsDemo } from './awards-demo';
import { seedComplaintsDemo } from './complaints-demo';
import { seedOpeningDemo } from './opening-demo';
import { seedContentDemo } from './content-demo';

export interface DemoCredential {
  username: string;
  password: string;
  role: Role;
  organisation: string;
}

const ORGS: { key: string; name: string; kind: OrganisationKind; base17: string }[] = [
  { key: 'centre', name: '沈阳市公共资源交易中心（演示）', kind: 'platform', base17: '12210100MB0D00001' },
  { key: 'supervisor', name: '沈阳市住房和城乡建设局（演示）', kind: 'supervisor', base17: '11210100MB0D00002' },
  { key: 'tenderer', name: '沈阳市城市建设投资集团有限公司（演示）', kind: 'tenderer', base17: '91210100MA0D00003' },
  { key: 'agency', name: '辽宁某某招标代理有限公司（演示）', kind: 'agency', base17: '91210100MA0D00004' },
  { key: 'bidderA', name: '甲建设集团有限公司（演示）', kind: 'bidder', base17: '91210100MA0D00005' },
  { key: 'bidderB', name: '乙路桥工程有限公司（演示）', kind: 'bidder', base17: '91210100MA0D00006' },
  { key: 'bidderC', name: '丙市政工程有限公司（演示）', kind: 'bidder', base17: '91210100MA0D00007' },
  { key: 'bidderD', name: '丁工程监理咨询有限公司（演示）', kind: 'bidder', base17: '91210100MA0D00008' },
];

const ACCOUNTS: { username: string; displayName: string; role: Role; org: string }[] = [
  { username: 'admin', displayName: '平台管理员', role: 'admin', org: 'centre' },
  { username: 'supervisor', displayName: '监督员 王', role: 'supervisor', org: 'supervisor' },
  { username: 'tenderer', displayName: '招标人 李', role: 'staff', org: 'tenderer' },
  { username: 'agent', displayName: '代理机构 赵', role: 'staff', org: 'agency' },
  { username: 'bidder-a', displayName: '甲公司 投标专员', role: 'bidder', org: 'bidderA' },
  { username: 'bidder-b', displayName: '乙公司 投标专员', role: 'bidder', org: 'bidderB' },
  { username: 'bidder-c', displayName: '丙公司 投标专员', role: 'bidder', org: 'bidderC' },
  { username: 'bidder-d', displayName: '丁公司 投标专员', role: 'bidder', org: 'bidderD' },
  // locked at every start by failed logins, for the administrator's console to show and unlock
  { username: 'bidder-locked', displayName: '丁公司 前投标专员（演示：已锁定）', role: 'bidder', org: 'bidderD' },
];

/** The demo account that repeated failed logins lock at every start (for 15 minutes), so an administrator sees one. */
export const DEMO_LOCKED_USERNAME = 'bidder-locked';

function demoPassword(): string {
  // Three character classes and 16+ characters, readable enough to type.
  return `Demo-${randomBytes(9).toString('base64url')}-9a`;
}

/**
 * Demo organisations and accounts for every role, for the embedded default. Passwords are random per data
 * folder, kept in <data>/demo-credentials.json and printed at every start.
 */
export async function seedDemo(app: INestApplicationContext, config: PlatformConfig): Promise<DemoCredential[]> {
  const logger = new Logger('Demo');
  const file = join(config.dataDir, 'demo-credentials.json');
  const identity = app.get(IdentityService);
  const known: DemoCredential[] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];
  const orgIds: Record<string, string> = {};
  for (const o of ORGS) {
    const uscc = withCheckCharacter(o.base17);
    const found = await identity.organisationByUscc(uscc);
    orgIds[o.key] = found ? found.id : (await identity.createOrganisation(SYSTEM_ACTOR, { uscc, name: o.name, kind: o.kind, regionCode: '210100' })).id;
  }
  const creds: DemoCredential[] = [];
  for (const a of ACCOUNTS) {
    const existing = known.find((k) => k.username === a.username);
    const exists = await identity.accountExists(a.username);
    if (exists && existing) {
      creds.push(existing);
      continue;
    }
    if (exists) continue; // created by someone else: its password is not ours to print
    const password = demoPassword();
    await identity.createAccount(SYSTEM_ACTOR, { username: a.username, displayName: a.displayName, password, role: a.role, organisationId: orgIds[a.org] });
    creds.push({ username: a.username, password, role: a.role, organisation: ORGS.find((o) => o.key === a.org)!.name });
  }
  // DATA_DIR need not exist: on PostgreSQL and S3 (a production start with DEMO_DATA=true) nothing else creates it
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  logger.log(`demo accounts ready (${creds.length}); credentials in ${file}`);
  await lockDemoAccount(app);
  const orgs = {
    tenderer: orgIds.tenderer,
    agency: orgIds.agency,
    bidderA: orgIds.bidderA,
    bidderB: orgIds.bidderB,
    bidderC: orgIds.bidderC,
    bidderD: orgIds.bidderD,
  };
  // each logs what it made
  await seedAnnouncementsDemo(app, config, orgs);
  await seedBidsDemo(app, config, orgs);
  await seedAwardsDemo(app, orgs);
  await seedComplaintsDemo(app, config, { ...orgs, supervisor: orgIds.supervisor });
  await seedOpeningDemo(app, config, orgs);
  await seedContentDemo(app, await identity.memberActor(orgIds.centre, 'admin'));
  return creds;
}

/** Locks DEMO_LOCKED_USERNAME the way anyone is locked: failed logins (through AuthService, counted and audited as any). */
async function lockDemoAccount(app: INestApplicationContext): Promise<void> {
  const auth = app.get(AuthService);
  if ((await auth.failureLocks([DEMO_LOCKED_USERNAME])).has(DEMO_LOCKED_USERNAME)) return;
  for (let i = 0; i < LOGIN_LIMITS.failuresBeforeLock; i++) {
    await auth.login(DEMO_LOCKED_USERNAME, `wrong-password-${i}`, null).catch(() => undefined);
  }
}
