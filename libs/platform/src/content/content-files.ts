import { DEFAULT_PURPOSE_LIMITS, DocumentPurpose, PurposeLimitsConfig } from '@app/documents';

/** The document purpose of a content page's files (registered by the API with `contentFilePurposes()`). */
export const CONTENT_FILE_PURPOSE = 'content-file';

/**
 * The limits of a content page's files: those of tender documents (招标文件), the same types (PDF, OFD, ZIP, DOC,
 * DOCX, XLS, XLSX, judged by the content, the name's extension agreeing), the same size, the same refusals.
 */
export function contentFilePurposes(): Record<string, PurposeLimitsConfig> {
  return { [CONTENT_FILE_PURPOSE]: { ...DEFAULT_PURPOSE_LIMITS[DocumentPurpose.TenderDocument] } };
}
