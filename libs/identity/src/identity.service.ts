import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { Actor, badCursor, ChangeService, DomainError, Errors, Role } from '@app/core';
import { Account } from './account.entity';
import { Organisation } from './organisation.entity';
import type { OrganisationKind, OrganisationSummary } from './organisation-kind';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { usccProblem } from './uscc';

/** Which organisation kinds an account of each role may belong to. */
const ROLE_ORGANISATION_KINDS: Record<Role, OrganisationKind[]> = {
  bidder: ['bidder'],
  staff: ['tenderer', 'agency'],
  supervisor: ['supervisor'],
  admin: ['platform'],
};

export interface PublicAccount {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  organisationId: string;
  active: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
}

export function publicAccount(a: Account): PublicAccount {
  const { id, username, displayName, role, organisationId, active, lockedUntil, createdAt } = a;
  return { id, username, displayName, role, organisationId, active, lockedUntil, createdAt };
}

export function decodeCursor(cursor?: string): string | undefined {
  if (!cursor) return undefined;
  const v = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!v || v.length > 200) throw badCursor();
  return v;
}
export const encodeCursor = (v: string) => Buffer.from(v, 'utf8').toString('base64url');
export function pageLimit(limit?: string): number {
  const n = limit ? Number(limit) : 50;
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new DomainError('BAD_LIMIT', 400, '每页条数应为 1–200', 'limit must be from 1 to 200');
  return n;
}

@Injectable()
export class IdentityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
  ) {}

  async createOrganisation(actor: Actor, input: { uscc: string; name: string; kind: OrganisationKind; regionCode?: string }) {
    const problem = usccProblem(input.uscc);
    if (problem) {
      throw new DomainError('USCC_INVALID', 422, '统一社会信用代码无效', 'The unified social credit code is not valid', { problem });
    }
    return this.change.run(actor, async (ctx) => {
      const exists = await ctx.manager.findOne(Organisation, { where: { uscc: input.uscc } });
      if (exists) throw Errors.conflict('ORGANISATION_EXISTS', '该统一社会信用代码已登记', 'An organisation with this code exists', { id: exists.id });
      const org = ctx.manager.create(Organisation, { id: randomUUID(), ...input, regionCode: input.regionCode ?? null, createdAt: ctx.at });
      await ctx.manager.insert(Organisation, org);
      await ctx.audit({ action: 'organisation.create', entityType: 'organisation', entityId: org.id, data: { ...input } });
      return org;
    });
  }

  async createAccount(actor: Actor, input: { username: string; displayName: string; password: string; role: Role; organisationId: string }) {
    const pw = passwordProblem(input.password);
    if (pw) {
      throw new DomainError('PASSWORD_TOO_WEAK', 422, '密码至少 10 位，并包含大写、小写、数字、符号中的三类', 'The password needs 10+ characters of three kinds (lower, upper, digit, other)');
    }
    const passwordHash = await hashPassword(input.password);
    return this.change.run(actor, async (ctx) => {
      const org = await ctx.manager.findOne(Organisation, { where: { id: input.organisationId } });
      if (!org) throw Errors.notFound('Organisation', '单位');
      if (!ROLE_ORGANISATION_KINDS[input.role].includes(org.kind)) {
        throw new DomainError('ROLE_ORGANISATION_MISMATCH', 422, '该角色不能属于此类单位', `A ${input.role} account cannot belong to a ${org.kind} organisation`, {
          allowedKinds: ROLE_ORGANISATION_KINDS[input.role],
        });
      }
      if (await ctx.manager.findOne(Account, { where: { username: input.username } })) {
        throw Errors.conflict('USERNAME_TAKEN', '用户名已被使用', 'The user name is taken');
      }
      const account = ctx.manager.create(Account, {
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        role: input.role,
        organisationId: org.id,
        active: true,
        lockedUntil: null,
        createdAt: ctx.at,
      });
      await ctx.manager.insert(Account, account);
      await ctx.audit({
        action: 'account.create',
        entityType: 'account',
        entityId: account.id,
        data: { username: account.username, role: account.role, organisationId: org.id },
      });
      return publicAccount(account);
    });
  }

  /**
   * Self-registration of a bidder (投标人注册): its organisation and its first bidder account, in one change.
   * The portal's registration form; the address is rate-limited by the controller.
   */
  async registerBidder(
    actor: Actor,
    input: { uscc: string; name: string; regionCode?: string; username: string; displayName: string; password: string },
  ): Promise<{ organisation: Organisation; account: PublicAccount }> {
    const problem = usccProblem(input.uscc);
    if (problem) {
      throw new DomainError('USCC_INVALID', 422, '统一社会信用代码无效', 'The unified social credit code is not valid', { problem });
    }
    if (passwordProblem(input.password)) {
      throw new DomainError('PASSWORD_TOO_WEAK', 422, '密码至少 10 位，并包含大写、小写、数字、符号中的三类', 'The password needs 10+ characters of three kinds (lower, upper, digit, other)');
    }
    const passwordHash = await hashPassword(input.password);
    return this.change.run(actor, async (ctx) => {
      const exists = await ctx.manager.findOne(Organisation, { where: { uscc: input.uscc } });
      if (exists) throw Errors.conflict('ORGANISATION_EXISTS', '该统一社会信用代码已登记', 'An organisation with this code exists');
      if (await ctx.manager.findOne(Account, { where: { username: input.username } })) {
        throw Errors.conflict('USERNAME_TAKEN', '用户名已被使用', 'The user name is taken');
      }
      const organisation = ctx.manager.create(Organisation, {
        id: randomUUID(),
        uscc: input.uscc,
        name: input.name,
        kind: 'bidder',
        regionCode: input.regionCode ?? null,
        createdAt: ctx.at,
      });
      await ctx.manager.insert(Organisation, organisation);
      const account = ctx.manager.create(Account, {
        id: randomUUID(),
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        role: 'bidder',
        organisationId: organisation.id,
        active: true,
        lockedUntil: null,
        createdAt: ctx.at,
      });
      await ctx.manager.insert(Account, account);
      await ctx.audit({
        action: 'organisation.register',
        entityType: 'organisation',
        entityId: organisation.id,
        data: { uscc: input.uscc, name: input.name, kind: 'bidder', regionCode: organisation.regionCode, accountId: account.id, username: account.username },
      });
      return { organisation, account: publicAccount(account) };
    });
  }

  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const account = await this.dataSource.getRepository(Account).findOneOrFail({ where: { id: actor.accountId ?? '' } });
    if (!(await verifyPassword(current, account.passwordHash))) throw new DomainError('INVALID_CREDENTIALS', 401, '当前密码错误', 'The current password is wrong');
    if (passwordProblem(next)) {
      throw new DomainError('PASSWORD_TOO_WEAK', 422, '密码至少 10 位，并包含大写、小写、数字、符号中的三类', 'The password needs 10+ characters of three kinds (lower, upper, digit, other)');
    }
    const passwordHash = await hashPassword(next);
    await this.change.run(actor, async (ctx) => {
      await ctx.manager.update(Account, { id: account.id }, { passwordHash });
      await ctx.audit({ action: 'account.password_change', entityType: 'account', entityId: account.id });
    });
  }

  async unlock(actor: Actor, accountId: string): Promise<void> {
    await this.change.run(actor, async (ctx) => {
      const account = await ctx.manager.findOne(Account, { where: { id: accountId } });
      if (!account) throw Errors.notFound('Account', '账户');
      await ctx.manager.update(Account, { id: accountId }, { lockedUntil: null });
      // A success marker resets the failure count for the account name.
      await ctx.manager.query(`INSERT INTO login_attempt (username, ip, at, success) VALUES ($1, $2, $3, true)`, [account.username, actor.ip, ctx.at]);
      await ctx.audit({ action: 'account.unlock', entityType: 'account', entityId: accountId });
    });
  }

  /** An organisation's own members, administrators and supervisors may read it; nobody else. */
  async getOrganisation(actor: Actor, id: string): Promise<Organisation> {
    this.assertMayRead(actor, id);
    const org = await this.dataSource.getRepository(Organisation).findOne({ where: { id } });
    if (!org) throw Errors.notFound('Organisation', '单位');
    return org;
  }

  /**
   * Organisations by id, for other modules (inside their transaction when they pass its manager): what a
   * project, a notice or a record needs to name them. Unknown ids are absent from the map.
   */
  async organisationsById(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, OrganisationSummary>> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return new Map();
    const rows = await manager.find(Organisation, { where: { id: In(wanted) } });
    return new Map(rows.map((o) => [o.id, { id: o.id, uscc: o.uscc, name: o.name, kind: o.kind, regionCode: o.regionCode }]));
  }

  /** An organisation by its 统一社会信用代码, or null. */
  async organisationByUscc(uscc: string, manager: EntityManager = this.dataSource.manager): Promise<OrganisationSummary | null> {
    const o = await manager.findOne(Organisation, { where: { uscc } });
    return o ? { id: o.id, uscc: o.uscc, name: o.name, kind: o.kind, regionCode: o.regionCode } : null;
  }

  async accountExists(username: string): Promise<boolean> {
    return (await this.dataSource.getRepository(Account).count({ where: { username } })) > 0;
  }

  async listOrganisations(limit: number, cursor?: string, kind?: OrganisationKind) {
    const qb = this.dataSource.getRepository(Organisation).createQueryBuilder('o').orderBy('o.uscc', 'ASC').take(limit + 1);
    if (cursor) qb.andWhere('o.uscc > :c', { c: cursor });
    if (kind) qb.andWhere('o.kind = :kind', { kind });
    const rows = await qb.getMany();
    return page(rows, limit, (o) => o.uscc);
  }

  /**
   * Registered tenderer organisations (the only kind a project may name as its tenderer) whose name or
   * 统一社会信用代码 contains `text` (any part of it, case-insensitive), by name; keyset-paginated on (name, uscc).
   * For agency staff choosing the tenderer of a project they register. The table is small (organisations
   * registered by the administrator), so the substring match runs without a trigram index.
   */
  async searchTenderers(text: string | undefined, limit: number, cursor?: string): Promise<{ items: { id: string; name: string; code: string }[]; nextCursor: string | null }> {
    const qb = this.dataSource
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where(`o.kind = 'tenderer'`)
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.uscc', 'ASC')
      .take(limit + 1);
    const wanted = text?.trim();
    if (wanted) {
      const like = `%${wanted.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(o.name ILIKE :like OR o.uscc ILIKE :like)', { like });
    }
    const after = cursor ? nameCursor(cursor) : undefined;
    if (after) qb.andWhere('(o.name, o.uscc) > (:name, :uscc)', after);
    const rows = await qb.getMany();
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    const last = kept[kept.length - 1];
    return {
      items: kept.map((o) => ({ id: o.id, name: o.name, code: o.uscc })),
      nextCursor: more && last ? Buffer.from(JSON.stringify([last.name, last.uscc]), 'utf8').toString('base64url') : null,
    };
  }

  /** Accounts of one organisation: its own members and administrators only. */
  async listAccounts(actor: Actor, organisationId: string, limit: number, cursor?: string) {
    if (actor.role !== 'admin' && actor.organisationId !== organisationId) throw Errors.forbidden();
    const qb = this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .where('a.organisationId = :organisationId', { organisationId })
      .orderBy('a.username', 'ASC')
      .take(limit + 1);
    if (cursor) qb.andWhere('a.username > :c', { c: cursor });
    const rows = await qb.getMany();
    const p = page(rows, limit, (a) => a.username);
    return { ...p, items: p.items.map(publicAccount) };
  }

  async me(actor: Actor) {
    const account = await this.dataSource.getRepository(Account).findOneOrFail({ where: { id: actor.accountId ?? '' } });
    const organisation = await this.dataSource.getRepository(Organisation).findOneOrFail({ where: { id: account.organisationId } });
    return { account: publicAccount(account), organisation };
  }

  /** The first active account of a role in an organisation, as an actor (demo data and scripts act as it). */
  async memberActor(organisationId: string, role: Role): Promise<Actor> {
    const account = await this.dataSource
      .getRepository(Account)
      .findOne({ where: { organisationId, role, active: true }, order: { createdAt: 'ASC' } });
    if (!account) throw new Error(`no active ${role} account in organisation ${organisationId}`);
    return { accountId: account.id, organisationId, role, ip: null, username: account.username };
  }

  private assertMayRead(actor: Actor, organisationId: string): void {
    if (actor.role === 'admin' || actor.role === 'supervisor') return;
    if (actor.organisationId !== organisationId) throw Errors.forbidden();
  }
}

function nameCursor(cursor: string): { name: string; uscc: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string')) return { name: v[0] as string, uscc: v[1] as string };
  } catch {
    // reported below
  }
  throw badCursor();
}

export function page<T>(rows: T[], limit: number, key: (t: T) => string) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? encodeCursor(key(items[items.length - 1])) : null };
}
