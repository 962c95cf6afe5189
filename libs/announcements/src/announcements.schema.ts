import type { ModuleSchema } from '@app/core';
import { ConsultationComment } from './comments/consultation-comment.entity';
import { DocumentDownload, DocumentHolder } from './downloads/document-download.entity';
import { InboxMessage } from './inbox/inbox-message.entity';
import { Announcements1764100300000 } from './migrations/1764100300000-announcements';
import { SectionAwardDates1764100600000 } from './migrations/1764100600000-section-award-dates';
import { AwardNoticeTypes1764100650000 } from './migrations/1764100650000-award-notice-types';
import { NoticeSearchBuckets1764100618000 } from './migrations/1764100618000-notice-search-buckets';
import { SectionSuspensions1764100710000 } from './migrations/1764100710000-section-suspensions';
import { StatisticsIndexes1764100810000 } from './migrations/1764100810000-statistics-indexes';
import { Notice, NoticeAttachment, NoticeSection } from './notices/notice.entity';
import { TenderProject } from './projects/tender-project.entity';
import { TenderQuestion } from './questions/question.entity';
import { SectionSuspension } from './sections/section-suspension.entity';
import { TenderSection } from './sections/tender-section.entity';

/** What libs/announcements adds to the one DataSource (after identity and documents: it refers to both). */
export const announcementsSchema: ModuleSchema = {
  entities: [
    TenderProject,
    TenderSection,
    SectionSuspension,
    Notice,
    NoticeSection,
    NoticeAttachment,
    DocumentDownload,
    DocumentHolder,
    TenderQuestion,
    ConsultationComment,
    InboxMessage,
  ],
  migrations: [Announcements1764100300000, SectionAwardDates1764100600000, NoticeSearchBuckets1764100618000, AwardNoticeTypes1764100650000, SectionSuspensions1764100710000, StatisticsIndexes1764100810000],
};
