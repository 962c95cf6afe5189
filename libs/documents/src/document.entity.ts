import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { bigintAsNumber } from '@app/core';

/**
 * A stored file: where its bytes are (a platform-generated object key), what it was called and what it is,
 * and its size and SHA-256 computed while it streamed in. The original name is data, never part of a key.
 */
@Entity('document')
@Unique('document_object_key_uq', ['objectKey'])
@Index('document_uploader_org_idx', ['uploaderOrgId', 'createdAt'])
@Index('document_sha256_idx', ['sha256'])
export class Document {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 512, name: 'object_key' })
  objectKey!: string;

  /** What the file is for (`bid`, `notice-attachment`, …); it chose the limits the upload was checked against. */
  @Column({ type: 'varchar', length: 40 })
  purpose!: string;

  /** The file name the uploader gave, sanitised; sent back in Content-Disposition. */
  @Column({ type: 'varchar', length: 255, name: 'original_name' })
  originalName!: string;

  /** Decided from the content (magic bytes) or by the purpose's validator, not taken from the client. */
  @Column({ type: 'varchar', length: 127, name: 'content_type' })
  contentType!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  size!: number;

  /** SHA-256 of the stored bytes, lower-case hex. */
  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  /** The account that uploaded it. */
  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy!: string | null;

  /** The organisation the uploader acted for. */
  @Column({ type: 'uuid', name: 'uploader_org_id', nullable: true })
  uploaderOrgId!: string | null;
}
