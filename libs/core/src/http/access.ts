import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ROLES, Role } from './actor';
import { ApiProblems } from './api-responses';

/**
 * Every route declares who may call it: @Public() or @Roles(...). A route that declares neither is refused
 * to everyone (fail closed), and the role × route test names it.
 */
export const ACCESS_KEY = 'etendering:access';
export type AccessSpec = { public: true } | { roles: Role[] };

export const Public = () => SetMetadata(ACCESS_KEY, { public: true } satisfies AccessSpec);
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ACCESS_KEY, { roles } satisfies AccessSpec),
    ApiBearerAuth(),
    ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'TOKEN_INVALID'], 403: ['FORBIDDEN', 'ROLE_FORBIDDEN'] }),
  );
export const AnyRole = () => Roles(...ROLES);
