import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { PageOf } from '@app/core';
import { BID_STATUSES, type BidStatus } from './domain/bid-lifecycle';
import type { DecryptionError } from './domain/opening-rules';
import { RECEIPT_FORMAT } from './receipts/receipt-format';

const DECRYPTION_ERRORS = [
  'WRONG_KEY',
  'CONTAINER_TAMPERED',
  'CONTAINER_TRUNCATED',
  'CONTAINER_MALFORMED',
  'CONTAINER_UNSUPPORTED',
  'NOT_A_SEALED_CONTAINER',
  'KEY_NOT_SUBMITTED',
] as const satisfies readonly DecryptionError[];

const time = (description?: string, nullable = false) =>
  ApiProperty({ type: String, format: 'date-time', example: '2026-03-02T09:30:00+08:00', nullable, description });

export class BidSecurityDto {
  @ApiProperty({ example: '20000.00', description: '投标保证金金额 (yuan)' }) amount!: string;
  @ApiProperty({ example: 'bank-guarantee' }) form!: string;
}

export class SignedReceiptDto {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty({ description: "the signing key's id (GET /api/public/receipt-key)" }) keyId!: string;
  @ApiProperty({ description: 'the signed bytes: canonical JSON, as a UTF-8 string' }) payload!: string;
  @ApiProperty({ description: 'base64' }) signature!: string;
}

export class BidDecryptionDto {
  @ApiProperty({ type: String, enum: ['decrypted', 'decryption_failed'], nullable: true }) status!: 'decrypted' | 'decryption_failed' | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() attempts!: number;
}

/** What a bidder sees of its own bid: the receipt (回执) and the state. */
export class OwnBidDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) sectionId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: BID_STATUSES }) status!: BidStatus;
  @ApiProperty() receiptNumber!: string;
  @time('递交时间: the server time when the body completed') receivedAt!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() size!: number;
  @ApiProperty() keyFingerprint!: string;
  @ApiProperty({ type: BidSecurityDto }) bidSecurity!: BidSecurityDto;
  @time(undefined, true) replacedAt!: string | null;
  @time(undefined, true) withdrawnAt!: string | null;
  @ApiProperty({ type: SignedReceiptDto }) receipt!: SignedReceiptDto;
  @ApiProperty({ type: SignedReceiptDto, nullable: true, description: 'the signed withdrawal receipt (撤回回执)' }) withdrawalReceipt!: SignedReceiptDto | null;
  @ApiProperty({ type: BidDecryptionDto }) decryption!: BidDecryptionDto;
}

export class OwnBidPageDto extends PageOf(OwnBidDto) {}

/** What the project's staff and supervisors see of a bid after 截止. */
export class BidListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() bidderName!: string;
  @ApiProperty({ description: '统一社会信用代码' }) bidderCode!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: BID_STATUSES }) status!: BidStatus;
  @ApiProperty() receiptNumber!: string;
  @time() receivedAt!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() size!: number;
  @ApiProperty() keyFingerprint!: string;
  @ApiProperty({ type: BidSecurityDto }) bidSecurity!: BidSecurityDto;
  @ApiProperty({ type: String, nullable: true }) decryptionError!: string | null;
}

export class ReadOutItemDto {
  @ApiProperty({ example: '质量标准' }) name!: string;
  @ApiProperty() value!: string;
}

export class ReadOutDto {
  @ApiProperty({ example: '1180000.00', description: '投标报价 (yuan)' }) bidPrice!: string;
  @ApiProperty({ description: '工期 (days)' }) durationDays!: number;
  @ApiProperty({ type: [ReadOutItemDto] }) items!: ReadOutItemDto[];
}

export class KeyHandoverDto {
  @ApiProperty({ format: 'uuid' }) bidId!: string;
  @ApiProperty() receiptNumber!: string;
  @ApiProperty({ enum: ['decrypted', 'decryption_failed'] }) status!: 'decrypted' | 'decryption_failed';
  @ApiProperty({ type: String, enum: DECRYPTION_ERRORS, nullable: true }) error!: DecryptionError | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'false when the stored bytes no longer match the SHA-256 on the receipt' })
  storedCopyMatchesReceipt!: boolean | null;
  @ApiProperty({ type: ReadOutDto, nullable: true, description: 'what the sealed summary read out, when decrypted' }) readOut!: ReadOutDto | null;
  @ApiProperty({ description: 'another key may be handed over until the opening ends (after a wrong key)' }) mayRetry!: boolean;
}

export class ObjectionViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() bidderName!: string;
  @time() raisedAt!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ type: String, nullable: true }) answer!: string | null;
  @time(undefined, true) answeredAt!: string | null;
}

export class OpeningBidDto {
  @ApiProperty() bidderName!: string;
  @ApiProperty() bidderCode!: string;
  @ApiProperty() receiptNumber!: string;
  @time() receivedAt!: string;
  @ApiProperty({ enum: ['pending', 'decrypted', 'decryption_failed', 'not_opened'] }) decryption!: 'pending' | 'decrypted' | 'decryption_failed' | 'not_opened';
  @ApiProperty({ type: String, enum: DECRYPTION_ERRORS, nullable: true }) decryptionError!: DecryptionError | null;
  @ApiProperty({ type: String, nullable: true }) bidPrice!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationDays!: number | null;
  @ApiProperty({ type: [ReadOutItemDto] }) readOutItems!: ReadOutItemDto[];
}

export class OpeningRecordRefDto {
  @ApiProperty() sha256!: string;
  @time() publishedAt!: string;
}

/** The opening (开标) as it stands. */
export class OpeningDto {
  @ApiProperty({ format: 'uuid' }) sectionId!: string;
  @ApiProperty() bidSectionCode!: string;
  @ApiProperty({ enum: ['decrypting', 'closed', 'failed'] }) status!: 'decrypting' | 'closed' | 'failed';
  @time() bidOpenTime!: string;
  @time(undefined, true) decryptionWindowEnd!: string | null;
  @ApiProperty() bidCount!: number;
  @ApiProperty({ type: [OpeningBidDto] }) bids!: OpeningBidDto[];
  @ApiProperty({ type: [ObjectionViewDto] }) objections!: ObjectionViewDto[];
  @ApiProperty({ type: OpeningRecordRefDto, nullable: true, description: 'the published record (开标记录)' }) record!: OpeningRecordRefDto | null;
}

export class PublishedReceiptKeyDto {
  @ApiProperty({ enum: ['Ed25519'] }) algorithm!: 'Ed25519';
  @ApiProperty() keyId!: string;
  @ApiProperty({ description: 'SPKI PEM' }) publicKeyPem!: string;
  @ApiProperty({ description: 'the 32-byte raw public key, base64' }) publicKeyRaw!: string;
}

/** What a bid receipt and a withdrawal receipt both state (the signed payload's common fields). */
abstract class ReceiptPayloadFieldsDto {
  @ApiProperty({ enum: [RECEIPT_FORMAT] }) format!: typeof RECEIPT_FORMAT;
  @ApiProperty() platformCode!: string;
  @ApiProperty() receiptNumber!: string;
  @ApiProperty() bidSectionCode!: string;
  @ApiProperty() sectionId!: string;
  @ApiProperty() bidderCode!: string;
  @ApiProperty() bidderName!: string;
  @ApiProperty() bidVersion!: number;
}

export class BidReceiptPayloadDto extends ReceiptPayloadFieldsDto {
  @ApiProperty({ enum: ['bid'] }) kind!: 'bid';
  @ApiProperty({ type: String, nullable: true }) replaces!: string | null;
  @ApiProperty({ description: 'ISO 8601 UTC with milliseconds' }) receivedAt!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() size!: number;
  @ApiProperty() keyFingerprint!: string;
  @ApiProperty({ type: BidSecurityDto }) bidSecurity!: BidSecurityDto;
  @ApiProperty() keyId!: string;
}

export class WithdrawalReceiptPayloadDto extends ReceiptPayloadFieldsDto {
  @ApiProperty({ enum: ['withdrawal'] }) kind!: 'withdrawal';
  @ApiProperty({ description: 'ISO 8601 UTC with milliseconds' }) withdrawnAt!: string;
  @ApiProperty() sha256!: string;
  @ApiProperty() keyId!: string;
}

@ApiExtraModels(BidReceiptPayloadDto, WithdrawalReceiptPayloadDto)
export class ReceiptVerificationDto {
  @ApiProperty() valid!: boolean;
  @ApiProperty() keyId!: string;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(BidReceiptPayloadDto) }, { $ref: getSchemaPath(WithdrawalReceiptPayloadDto) }],
    nullable: true,
    description: 'the parsed payload when the signature is valid',
  })
  receipt!: BidReceiptPayloadDto | WithdrawalReceiptPayloadDto | null;
  @ApiPropertyOptional({ enum: ['signature_mismatch', 'malformed_signature', 'payload_not_json'] }) reason?: 'signature_mismatch' | 'malformed_signature' | 'payload_not_json';
}
