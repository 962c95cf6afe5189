import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DatasetCode } from '../contract';

export const OUTBOX_STATUSES = ['pending', 'queued', 'delivered', 'dead'] as const;
/**
 * pending: committed, waiting for the relay (or for its next attempt); queued: handed to the transport;
 * delivered: the receiver stored it (receiveTime kept); dead: not retried until an operator replays it.
 */
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** One upstream record in the outbox (table `outbox`, created by the exchange migration). */
@Entity('outbox')
export class OutboxRecord {
  @PrimaryColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 64, name: 'serial_number' })
  serialNumber!: string;

  @Column({ type: 'varchar', length: 60, name: 'tender_project_code' })
  tenderProjectCode!: string;

  @Column({ type: 'int' })
  sequence!: number;

  @Column({ type: 'varchar', length: 40, name: 'dataset_code' })
  datasetCode!: DatasetCode;

  /** The exact request body bytes (UTF-8 canonical JSON), sent unchanged on every attempt. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: OutboxStatus;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'queued_at', nullable: true })
  queuedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  /** The receiver's receiveTime (for notices: the official publication time upstream). */
  @Column({ type: 'timestamptz', name: 'receive_time', nullable: true })
  receiveTime!: Date | null;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column({ type: 'varchar', length: 40, name: 'dead_reason', nullable: true })
  deadReason!: string | null;

  @Column({ type: 'timestamptz', name: 'dead_at', nullable: true })
  deadAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  /** How many times operators replayed it (or reconciliation re-sent it). */
  @Column({ type: 'int' })
  replays!: number;

  /** The request (or scheduled pass) whose change wrote this record: its X-Request-Id and log lines' requestId. */
  @Column({ type: 'varchar', length: 100, name: 'request_id', nullable: true })
  requestId!: string | null;
}
