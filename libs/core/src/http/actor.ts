import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The roles of docs/design.md. The public has no account and no role. */
export const ROLES = ['bidder', 'staff', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who did something, from where: every write records it (R36). */
export interface Actor {
  accountId: string | null;
  organisationId: string | null;
  role: Role | 'public' | 'system';
  ip: string | null;
  username?: string;
}

export const SYSTEM_ACTOR: Actor = { accountId: null, organisationId: null, role: 'system', ip: null };

export function clientIp(req: Request): string | null {
  return (req.ip ?? req.socket?.remoteAddress ?? null)?.replace(/^::ffff:/, '') ?? null;
}

/** The authenticated actor of this request (set by the auth guard), or the public with its address. */
export function actorOf(req: Request): Actor {
  const user = (req as Request & { actor?: Actor }).actor;
  return user ?? { accountId: null, organisationId: null, role: 'public', ip: clientIp(req) };
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<Request>()),
);
