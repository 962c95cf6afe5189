import type { ModuleSchema } from '@app/core';
import { Account, LoginAttempt, RefreshToken } from './account.entity';
import { Organisation } from './organisation.entity';
import { Identity1764100010000 } from './migrations/1764100010000-identity';

export const identitySchema: ModuleSchema = {
  entities: [Organisation, Account, LoginAttempt, RefreshToken],
  migrations: [Identity1764100010000],
};
