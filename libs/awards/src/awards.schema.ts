import type { ModuleSchema } from '@app/core';
import { Award } from './entities/award.entity';
import { AwardEvaluation } from './entities/award-evaluation.entity';
import { AwardNotice } from './entities/award-notice.entity';
import { AwardPublicity } from './entities/award-publicity.entity';
import { Awards1764100730000 } from './migrations/1764100730000-awards';
import { AwardOrganisationIndexes1764100820000 } from './migrations/1764100820000-award-organisation-indexes';

export const awardsSchema: ModuleSchema = {
  entities: [AwardEvaluation, AwardPublicity, Award, AwardNotice],
  migrations: [Awards1764100730000, AwardOrganisationIndexes1764100820000],
};
