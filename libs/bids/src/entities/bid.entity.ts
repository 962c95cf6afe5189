import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, decimalString } from '@app/core';
import type { ReadOutItem } from '@app/sealing';
import type { BidStatus } from '../domain/bid-lifecycle';
import type { DecryptionError } from '../domain/opening-rules';

/**
 * One version of a bidder's sealed bid (投标文件) in a section: the ciphertext (a document), its receipt (回执),
 * and, after the opening, the key and what the sealed summary read out.
 */
@Entity('bid')
export class Bid {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @Column({ type: 'uuid', name: 'bidder_org_id' })
  bidderOrgId!: string;

  /** 统一社会信用代码 and name of the bidder when it submitted (as on the receipt). */
  @Column({ type: 'char', length: 18, name: 'bidder_code' })
  bidderCode!: string;

  @Column({ type: 'varchar', length: 200, name: 'bidder_name' })
  bidderName!: string;

  /** 1 for the first submission; each replacement adds one. */
  @Column({ type: 'int' })
  version!: number;

  @Column({ type: 'varchar', length: 20 })
  status!: BidStatus;

  /** 回执编号: random, so that it says nothing about how many bids there are. */
  @Column({ type: 'varchar', length: 40, name: 'receipt_number' })
  receiptNumber!: string;

  /** 递交时间: the server clock when the body completed. */
  @Column({ type: 'timestamptz', name: 'received_at' })
  receivedAt!: Date;

  /** The stored ciphertext (libs/documents, purpose `bid`). */
  @Column({ type: 'uuid', name: 'document_id' })
  documentId!: string;

  /** SHA-256 of the container as stored. */
  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size!: number;

  /** The fingerprint of the key the container was sealed with (public; the key is not). */
  @Column({ type: 'char', length: 64, name: 'key_fingerprint' })
  keyFingerprint!: string;

  @Column({ type: 'int', name: 'chunk_size' })
  chunkSize!: number;

  /** 投标保证金 */
  @Column({ type: 'numeric', precision: 15, scale: 2, name: 'security_amount', transformer: decimalString })
  securityAmount!: string;

  @Column({ type: 'varchar', length: 20, name: 'security_form' })
  securityForm!: string;

  /** The exact bytes the platform signed (canonical JSON), and the Ed25519 signature (base64). */
  @Column({ type: 'text', name: 'receipt_payload' })
  receiptPayload!: string;

  @Column({ type: 'varchar', length: 200, name: 'receipt_signature' })
  receiptSignature!: string;

  @Column({ type: 'char', length: 64, name: 'receipt_key_id' })
  receiptKeyId!: string;

  @Column({ type: 'uuid', name: 'submitted_by' })
  submittedBy!: string;

  @Column({ type: 'varchar', length: 64, name: 'submitted_ip', nullable: true })
  submittedIp!: string | null;

  @Column({ type: 'uuid', name: 'superseded_by', nullable: true })
  supersededBy!: string | null;

  @Column({ type: 'timestamptz', name: 'superseded_at', nullable: true })
  supersededAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'withdrawn_at', nullable: true })
  withdrawnAt!: Date | null;

  @Column({ type: 'text', name: 'withdrawal_payload', nullable: true })
  withdrawalPayload!: string | null;

  @Column({ type: 'varchar', length: 200, name: 'withdrawal_signature', nullable: true })
  withdrawalSignature!: string | null;

  @Column({ type: 'int', name: 'decryption_attempts', default: 0 })
  decryptionAttempts!: number;

  @Column({ type: 'varchar', length: 40, name: 'decryption_error', nullable: true })
  decryptionError!: DecryptionError | null;

  /** A failure no other key can cure (the stored container is damaged). */
  @Column({ type: 'boolean', name: 'decryption_final', default: false })
  decryptionFinal!: boolean;

  @Column({ type: 'timestamptz', name: 'decrypted_at', nullable: true })
  decryptedAt!: Date | null;

  /** The bidder's key, handed over at the opening and archived with the ciphertext from then on (hex). */
  @Column({ type: 'char', length: 64, name: 'opening_key', nullable: true, select: false })
  openingKey!: string | null;

  /** 投标报价, yuan, read out of the sealed summary. */
  @Column({ type: 'numeric', precision: 17, scale: 2, name: 'bid_price', nullable: true, transformer: decimalString })
  bidPrice!: string | null;

  /** 工期 in calendar days, read out of the sealed summary. */
  @Column({ type: 'int', name: 'duration_days', nullable: true })
  durationDays!: number | null;

  @Column({ type: 'jsonb', name: 'read_out_items', nullable: true })
  readOutItems!: ReadOutItem[] | null;

  @Column({ type: 'varchar', length: 255, name: 'file_name', nullable: true })
  fileName!: string | null;

  @Column({ type: 'bigint', name: 'plaintext_size', nullable: true, transformer: bigintAsNumber })
  plaintextSize!: number | null;

  @Column({ type: 'char', length: 64, name: 'plaintext_sha256', nullable: true })
  plaintextSha256!: string | null;
}
