/**
 * What the platform signs for a notice PDF: canonical JSON naming the PDF's SHA-256 and size, signed with the same
 * Ed25519 key as the bid receipts (GET /api/public/receipt-key). Anyone can check a PDF with the payload and the
 * signature and nothing but a standard Ed25519 verifier, or send the PDF to POST /api/public/documents/verify.
 */
export const SIGNED_DOCUMENT_FORMAT = 'etendering-signed-document/v1';

export interface SignedDocumentPayload {
  format: typeof SIGNED_DOCUMENT_FORMAT;
  /** award_notice 中标通知书 | result_notice 中标结果通知书 */
  kind: 'award_notice' | 'result_notice';
  platformCode: string;
  documentNumber: string;
  bidSectionCode: string;
  sectionId: string;
  bidderCode: string;
  bidderName: string;
  /** ISO 8601 UTC with milliseconds */
  issuedAt: string;
  /** SHA-256 (hex) and size of the PDF */
  sha256: string;
  size: number;
  keyId: string;
}
