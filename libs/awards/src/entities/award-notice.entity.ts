import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@app/core';

export type AwardNoticeKind = 'award' | 'result';

/**
 * A notice to one bidder (R26): the award notice (中标通知书) to the winner, a result notice (中标结果通知书) to each
 * other bidder. The PDF is a document (archived with its SHA-256); the platform signs a payload naming that hash with
 * its published key, so anyone can check the PDF without an account (POST /api/public/documents/verify).
 */
@Entity('award_notice')
export class AwardNotice {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: AwardNoticeKind;

  @Column({ type: 'varchar', length: 80 })
  number!: string;

  @Column({ type: 'uuid', name: 'bid_id' })
  bidId!: string;

  @Column({ type: 'uuid', name: 'bidder_org_id' })
  bidderOrgId!: string;

  @Column({ type: 'char', length: 18, name: 'bidder_code' })
  bidderCode!: string;

  @Column({ type: 'varchar', length: 200, name: 'bidder_name' })
  bidderName!: string;

  @Column({ type: 'uuid', name: 'document_id' })
  documentId!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size!: number;

  /** The exact signed bytes (canonical JSON) and the Ed25519 signature (base64). */
  @Column({ type: 'text' })
  payload!: string;

  @Column({ type: 'varchar', length: 200 })
  signature!: string;

  @Column({ type: 'char', length: 64, name: 'key_id' })
  keyId!: string;

  @Column({ type: 'timestamptz', name: 'issued_at' })
  issuedAt!: Date;
}
