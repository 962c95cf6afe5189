import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OpeningRecord } from '../opening/opening-record';

export type OpeningStatus = 'decrypting' | 'closed' | 'failed';

/**
 * The opening (开标) of a section: started by the deadline scheduler at 截止, with the decryption window
 * (R18), ended by the opening record (开标记录), which is archived as canonical JSON with its SHA-256 (R37).
 */
@Entity('bid_opening')
export class BidOpening {
  @PrimaryColumn({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: OpeningStatus;

  /** 开标时间 = 截止 */
  @Column({ type: 'timestamptz', name: 'bid_open_time' })
  bidOpenTime!: Date;

  /** When the scheduler moved the section to opening. */
  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt!: Date;

  /** Bids that counted at 截止. */
  @Column({ type: 'int', name: 'bid_count' })
  bidCount!: number;

  @Column({ type: 'timestamptz', name: 'decryption_window_end', nullable: true })
  decryptionWindowEnd!: Date | null;

  /** Why the section failed at 截止 (流标), e.g. `R17_TOO_FEW_BIDS`. */
  @Column({ type: 'varchar', length: 40, name: 'failure_reason', nullable: true })
  failureReason!: string | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** `all_settled` or `window_ended`. */
  @Column({ type: 'varchar', length: 40, name: 'close_reason', nullable: true })
  closeReason!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  record!: OpeningRecord | null;

  /** The archived record: the exact canonical JSON whose SHA-256 is `recordSha256`. */
  @Column({ type: 'text', name: 'record_text', nullable: true })
  recordText!: string | null;

  @Column({ type: 'char', length: 64, name: 'record_sha256', nullable: true })
  recordSha256!: string | null;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt!: Date | null;
}
