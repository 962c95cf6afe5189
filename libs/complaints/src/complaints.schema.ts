import type { ModuleSchema } from '@app/core';
import { CaseAttachment, CaseEvent, CasePause, ComplaintCase } from './cases/case.entity';
import { Complaints1764100720000 } from './migrations/1764100720000-complaints';

export const complaintsSchema: ModuleSchema = {
  entities: [ComplaintCase, CasePause, CaseEvent, CaseAttachment],
  migrations: [Complaints1764100720000],
};
