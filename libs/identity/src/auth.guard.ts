import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ACCESS_KEY, AccessSpec, Actor, clientIp, DomainError, Errors } from '@app/core';
import { AuthService } from './auth.service';

/**
 * The global guard. Every route declares @Public() or @Roles(...); a route with neither is refused to everyone.
 * A bearer token on a public route is used when valid and ignored when not (public pages stay readable).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const spec = this.reflector.getAllAndOverride<AccessSpec | undefined>(ACCESS_KEY, [context.getHandler(), context.getClass()]);
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;

    if (spec && 'public' in spec) {
      if (token) {
        try {
          req.actor = this.toActor(await this.auth.verify(token), req);
        } catch {
          /* a stale token does not stop public reading */
        }
      }
      return true;
    }
    if (!token) throw Errors.unauthenticated();
    const claims = await this.auth.verify(token);
    req.actor = this.toActor(claims, req);
    if (!spec || !spec.roles.includes(claims.role)) {
      throw new DomainError('ROLE_FORBIDDEN', 403, '当前角色无权访问此功能', 'Your role may not use this function', { role: claims.role });
    }
    return true;
  }

  private toActor(c: { sub: string; org: string; role: Actor['role']; usr: string }, req: Request): Actor {
    return { accountId: c.sub, organisationId: c.org, role: c.role, username: c.usr, ip: clientIp(req) };
  }
}
