import { MiB, PurposeLimitsConfig } from '@app/documents';

/** The evaluation report, the signed contract and the supervisor report (uploaded by staff). */
export const AWARD_DOCUMENT_PURPOSE = 'award-document';
/** The award and result notices the platform generates (PDF). */
export const AWARD_NOTICE_PURPOSE = 'award-notice';

/** The document purposes of the awards module, for `DocumentsModule.forRoot({ purposes })`. */
export function awardDocumentPurposes(): Record<string, PurposeLimitsConfig> {
  return {
    [AWARD_DOCUMENT_PURPOSE]: { maxSize: 200 * MiB, types: ['pdf', 'ofd', 'doc', 'docx', 'zip'] },
    [AWARD_NOTICE_PURPOSE]: { maxSize: 20 * MiB, types: ['pdf'] },
  };
}
