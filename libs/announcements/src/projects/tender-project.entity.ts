import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProcedureType } from '@app/core';

/** A tender project (招标项目): registered by staff of its tenderer or its agency; holds one or more sections. */
@Entity('tender_project')
export class TenderProject {
  @PrimaryColumn('uuid')
  id!: string;

  /** `{platformCode}-{year}-{n:5}`, e.g. E2104000001-2026-00042: the tenderProjectCode upstream. */
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** construction 工程建设 | government 政府采购: chooses the rules table (docs/rules.md). */
  @Column({ type: 'varchar', length: 20, name: 'procedure_type' })
  procedureType!: ProcedureType;

  /** GB/T 2260 */
  @Column({ type: 'char', length: 6, name: 'region_code' })
  regionCode!: string;

  /** 招标人 / 采购人 */
  @Column({ type: 'uuid', name: 'tenderer_org_id' })
  tendererOrgId!: string;

  /** 招标代理机构 / 采购代理机构 */
  @Column({ type: 'uuid', name: 'agency_org_id', nullable: true })
  agencyOrgId!: string | null;

  /** 资金来源 */
  @Column({ type: 'varchar', length: 200, name: 'funding_source' })
  fundingSource!: string;

  /** Notices numbered so far (their codes end -N001, -N002, …). */
  @Column({ type: 'int', name: 'notice_count', default: 0 })
  noticeCount!: number;

  @Column({ type: 'int', name: 'section_count', default: 0 })
  sectionCount!: number;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;

  @Column({ type: 'int', default: 1 })
  version!: number;
}
