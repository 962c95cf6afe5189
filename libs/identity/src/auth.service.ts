import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { Actor, apiTime, ChangeService, ClockService, DomainError, PLATFORM_CONFIG, PlatformConfig, Role } from '@app/core';
import { Account, LoginAttempt, RefreshToken } from './account.entity';
import { dummyHash, verifyPassword } from './password';

/** Login limits: per account name and per address, with lock-out after repeated failures. */
export const LOGIN_LIMITS = {
  windowMs: 15 * 60_000,
  failuresBeforeLock: 5,
  lockMs: 15 * 60_000,
  failuresPerIp: 20,
};

export interface AccessClaims {
  sub: string;
  org: string;
  role: Role;
  usr: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

const invalidCredentials = () =>
  new DomainError('INVALID_CREDENTIALS', 401, '用户名或密码错误', 'Wrong user name or password');

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly clock: ClockService,
    private readonly change: ChangeService,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async login(username: string, password: string, ip: string | null) {
    const now = this.clock.now();
    const since = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
    const attempts = this.dataSource.getRepository(LoginAttempt);

    const ipFailures = ip
      ? await attempts.createQueryBuilder('a').where('a.ip = :ip AND a.at > :since AND NOT a.success', { ip, since }).getCount()
      : 0;
    if (ipFailures >= LOGIN_LIMITS.failuresPerIp) {
      throw new DomainError('LOGIN_RATE_LIMITED', 429, '该地址登录失败次数过多，请稍后再试', 'Too many failed logins from this address; try again later', {
        retryAfterSeconds: Math.ceil(LOGIN_LIMITS.windowMs / 1000),
      });
    }

    // Failures since the last success, within the window, lock the account name (existing or not, so that
    // the answer does not tell which names exist).
    const lastSuccess = await attempts.findOne({ where: { username, success: true }, order: { at: 'DESC' } });
    const qb = attempts
      .createQueryBuilder('a')
      .where('a.username = :username AND a.at > :since AND NOT a.success', { username, since });
    if (lastSuccess) qb.andWhere('a.at > :ls', { ls: lastSuccess.at });
    const recent = await qb.orderBy('a.at', 'DESC').take(LOGIN_LIMITS.failuresBeforeLock).getMany();
    const account = await this.dataSource.getRepository(Account).findOne({ where: { username } });
    const lockedUntil = this.lockedUntil(recent, account);
    if (lockedUntil && lockedUntil > now) {
      await attempts.insert({ username, ip, at: now, success: false });
      throw new DomainError('ACCOUNT_LOCKED', 423, '登录失败次数过多，账户已临时锁定', 'Too many failed logins; the account is locked for a while', {
        lockedUntil: apiTime(lockedUntil),
      });
    }

    const ok = account ? await verifyPassword(password, account.passwordHash) : (await verifyPassword(password, await dummyHash()), false);
    if (!ok || !account || !account.active) {
      await attempts.insert({ username, ip, at: now, success: false });
      throw invalidCredentials();
    }
    await attempts.insert({ username, ip, at: now, success: true });
    const actor: Actor = { accountId: account.id, organisationId: account.organisationId, role: account.role, ip, username };
    return this.change.run(actor, async (ctx) => {
      await ctx.audit({ action: 'auth.login', entityType: 'account', entityId: account.id });
      return this.issue(account, randomUUID(), ctx.manager);
    });
  }

  /**
   * The accounts locked now by failed logins (the same rule as login: failuresBeforeLock failures since the
   * last success within the window lock the name for lockMs after the latest), as username → locked until.
   * An administrator's account list shows these, so a locked account can be seen and unlocked.
   */
  async failureLocks(usernames: readonly string[]): Promise<Map<string, Date>> {
    if (!usernames.length) return new Map();
    const now = this.clock.now();
    const rows: { username: string; failures: string; latest: Date }[] = await this.dataSource.query(
      `SELECT a.username, count(*) AS failures, max(a.at) AS latest FROM login_attempt a
        WHERE a.username = ANY($1) AND a.at > $2 AND NOT a.success
          AND a.at > coalesce((SELECT max(s.at) FROM login_attempt s WHERE s.username = a.username AND s.success), '-infinity'::timestamptz)
        GROUP BY a.username`,
      [usernames, new Date(now.getTime() - LOGIN_LIMITS.windowMs)],
    );
    const locks = new Map<string, Date>();
    for (const r of rows) {
      const until = new Date(new Date(r.latest).getTime() + LOGIN_LIMITS.lockMs);
      if (Number(r.failures) >= LOGIN_LIMITS.failuresBeforeLock && until > now) locks.set(r.username, until);
    }
    return locks;
  }

  private lockedUntil(recentFailures: LoginAttempt[], account: Account | null): Date | null {
    const byAdmin = account?.lockedUntil ?? null;
    if (recentFailures.length < LOGIN_LIMITS.failuresBeforeLock) return byAdmin;
    // Locked for lockMs after the latest failure; attempts while locked count as failures.
    const auto = new Date(new Date(recentFailures[0].at).getTime() + LOGIN_LIMITS.lockMs);
    return byAdmin && byAdmin > auto ? byAdmin : auto;
  }

  async refresh(token: string) {
    const [id, secret] = token.split('.');
    const outcome = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const row = await manager.findOne(RefreshToken, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row || row.tokenHash !== sha256(secret)) return null;
      if (row.usedAt || row.revokedAt) {
        // A rotated token used again: someone else holds the family. Revoke it all (committed, then refused).
        await manager.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: now });
        return null;
      }
      if (row.expiresAt <= now) return null;
      const account = await manager.findOne(Account, { where: { id: row.accountId } });
      if (!account || !account.active) return null;
      await manager.update(RefreshToken, { id }, { usedAt: now });
      return this.issue(account, row.familyId, manager);
    });
    if (!outcome) throw invalidRefresh();
    return outcome;
  }

  async logout(actor: Actor, token: string): Promise<void> {
    const [id] = token.split('.');
    await this.dataSource
      .getRepository(RefreshToken)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: this.clock.now() })
      .where('family_id = (SELECT family_id FROM refresh_token WHERE id = :id AND account_id = :acc)', { id, acc: actor.accountId })
      .execute();
  }

  private async issue(account: Account, familyId: string, manager: DataSource['manager']) {
    const now = this.clock.now();
    const iat = Math.floor(now.getTime() / 1000);
    const claims: AccessClaims & { iat: number } = { sub: account.id, org: account.organisationId, role: account.role, usr: account.username, iat };
    const accessToken = await this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      secret: this.config.jwt.secret,
      issuer: this.config.jwt.issuer,
      audience: this.config.jwt.audience,
      expiresIn: this.config.jwt.ttlSeconds,
    });
    const secret = randomBytes(32).toString('base64url');
    const id = randomUUID();
    await manager.insert(RefreshToken, {
      id,
      accountId: account.id,
      familyId,
      tokenHash: sha256(secret),
      expiresAt: new Date(now.getTime() + this.config.jwt.refreshTtlSeconds * 1000),
      usedAt: null,
      revokedAt: null,
    });
    return { accessToken, refreshToken: `${id}.${secret}`, expiresIn: this.config.jwt.ttlSeconds, tokenType: 'Bearer' as const };
  }

  /** Verifies an access token: HS256 only, issuer, audience and expiry checked against the platform clock. */
  async verify(token: string): Promise<AccessClaims> {
    try {
      return await this.jwt.verifyAsync<AccessClaims>(token, {
        algorithms: ['HS256'],
        secret: this.config.jwt.secret,
        issuer: this.config.jwt.issuer,
        audience: this.config.jwt.audience,
        clockTimestamp: Math.floor(this.clock.now().getTime() / 1000),
      });
    } catch (e) {
      const expired = e instanceof Error && e.name === 'TokenExpiredError';
      throw new DomainError(
        expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID',
        401,
        expired ? '登录已过期，请重新登录' : '登录凭证无效',
        expired ? 'The access token has expired' : 'The access token is not valid',
      );
    }
  }
}

const invalidRefresh = () => new DomainError('REFRESH_TOKEN_INVALID', 401, '刷新凭证无效或已过期，请重新登录', 'The refresh token is invalid or expired; log in again');
