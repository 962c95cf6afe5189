import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ProcedureType } from '@app/core';

/** 异议/质疑 (to the tenderer) or 投诉 (to the supervising department). */
export type CaseKind = 'objection' | 'complaint';
export const CASE_KINDS: readonly CaseKind[] = ['objection', 'complaint'];

/** What a case is about. The first three need a prior objection before a complaint (R33). */
export type CaseSubject = 'tender_documents' | 'opening' | 'evaluation_result' | 'other';
export const CASE_SUBJECTS: readonly CaseSubject[] = ['tender_documents', 'opening', 'evaluation_result', 'other'];
export const OBJECTION_SUBJECTS: readonly CaseSubject[] = ['tender_documents', 'opening', 'evaluation_result'];

/**
 * A case's lifecycle (the GCJS_COMPLAINT statuses): an objection is received (accepted at once) and answered; a
 * complaint is submitted, then accepted or rejected, and an accepted one is decided. answered, rejected and decided
 * close the case.
 */
export type CaseStatus = 'submitted' | 'accepted' | 'rejected' | 'answered' | 'decided';
export const CASE_STATUSES: readonly CaseStatus[] = ['submitted', 'accepted', 'rejected', 'answered', 'decided'];
export const CLOSED_STATUSES: readonly CaseStatus[] = ['rejected', 'answered', 'decided'];

/** The time the law does not count in a complaint's limit (R32): inspection, expert review, correction by the complainant. */
export type PauseKind = 'inspection' | 'correction';
export const PAUSE_KINDS: readonly PauseKind[] = ['inspection', 'correction'];

@Entity('complaint_case')
export class ComplaintCase {
  @PrimaryColumn('uuid')
  id!: string;

  /** 办件编号, e.g. YY-2026-0001 (异议), ZY-2026-0001 (质疑), TS-2026-0001 (投诉). */
  @Column({ type: 'varchar', length: 30, name: 'case_number' })
  caseNumber!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: CaseKind;

  @Column({ type: 'varchar', length: 20, name: 'procedure_type' })
  procedureType!: ProcedureType;

  @Column({ type: 'varchar', length: 30 })
  subject!: CaseSubject;

  @Column({ type: 'uuid', name: 'section_id' })
  sectionId!: string;

  @Column({ type: 'varchar', length: 50, name: 'section_code' })
  sectionCode!: string;

  @Column({ type: 'varchar', length: 60, name: 'project_code' })
  projectCode!: string;

  @Column({ type: 'varchar', length: 200, name: 'project_name' })
  projectName!: string;

  /** The party complained about: the project's tenderer and agency. */
  @Column({ type: 'uuid', name: 'tenderer_org_id' })
  tendererOrgId!: string;

  @Column({ type: 'uuid', name: 'agency_org_id', nullable: true })
  agencyOrgId!: string | null;

  @Column({ type: 'uuid', name: 'complainant_org_id' })
  complainantOrgId!: string;

  @Column({ type: 'varchar', length: 200, name: 'complainant_org_name' })
  complainantOrgName!: string;

  @Column({ type: 'uuid', name: 'complainant_account_id', nullable: true })
  complainantAccountId!: string | null;

  /** A natural person and their contact: shown only to the parties and the supervisor. */
  @Column({ type: 'varchar', length: 100, name: 'contact_name' })
  contactName!: string;

  @Column({ type: 'varchar', length: 50, name: 'contact_phone' })
  contactPhone!: string;

  /** 受理部门: the tenderer (or its agency) for an objection, the supervising department for a complaint. */
  @Column({ type: 'uuid', name: 'department_org_id' })
  departmentOrgId!: string;

  @Column({ type: 'varchar', length: 200, name: 'department_name' })
  departmentName!: string;

  @Column({ type: 'uuid', name: 'prior_objection_id', nullable: true })
  priorObjectionId!: string | null;

  /** 知道或者应当知道之日 (R27 government, R30). */
  @Column({ type: 'timestamptz', name: 'known_at', nullable: true })
  knownAt!: Date | null;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'timestamptz', name: 'filed_at' })
  filedAt!: Date;

  /** 受理时间 */
  @Column({ type: 'timestamptz', name: 'accepted_at', nullable: true })
  acceptedAt!: Date | null;

  /** 承诺时限: the due instant of the current step without pauses (R29, R31 or R32). */
  @Column({ type: 'timestamptz', name: 'promised_by' })
  promisedBy!: Date;

  /** Which rule sets promisedBy. */
  @Column({ type: 'varchar', length: 5, name: 'promise_rule' })
  promiseRule!: 'R29' | 'R31' | 'R32';

  @Column({ type: 'varchar', length: 20 })
  status!: CaseStatus;

  /** The answer to an objection, the reasons of a rejection or the decision: parties and the supervisor. */
  @Column({ type: 'text', nullable: true })
  answer!: string | null;

  /** The public result (结果摘要), once closed. */
  @Column({ type: 'varchar', length: 500, name: 'result_summary', nullable: true })
  resultSummary!: string | null;

  @Column({ type: 'timestamptz', name: 'closed_at', nullable: true })
  closedAt!: Date | null;

  /** Closed after its limit (the pauses counted): for the reply statistics. */
  @Column({ type: 'boolean', name: 'closed_late', nullable: true })
  closedLate!: boolean | null;

  /** The section's hold while the objection is answered (R29) or by the supervisor's order (R35). */
  @Column({ type: 'uuid', name: 'suspension_id', nullable: true })
  suspensionId!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;
}

/** A stretch of time not counted in the case's limit (R32); `to` null while it lasts. */
@Entity('complaint_pause')
export class CasePause {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: PauseKind;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'timestamptz', name: 'from_at' })
  fromAt!: Date;

  @Column({ type: 'timestamptz', name: 'to_at', nullable: true })
  toAt!: Date | null;
}

/** One step of a case, for the parties (every step) and the public (the steps with a public note). */
@Entity('complaint_event')
export class CaseEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'varchar', length: 40 })
  action!: string;

  @Column({ type: 'varchar', length: 20, name: 'actor_role' })
  actorRole!: string;

  @Column({ type: 'uuid', name: 'actor_org_id', nullable: true })
  actorOrgId!: string | null;

  /** What the parties read (may name people, quote the answer). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** What the public reads of this step. */
  @Column({ type: 'varchar', length: 300, name: 'public_note' })
  publicNote!: string;
}

/** A file of a case (evidence, the answer's annex): parties and the supervisor only. */
@Entity('complaint_attachment')
export class CaseAttachment {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'case_id' })
  caseId!: string;

  @Column({ type: 'uuid', name: 'document_id' })
  documentId!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'uuid', name: 'uploader_org_id', nullable: true })
  uploaderOrgId!: string | null;

  @Column({ type: 'timestamptz', name: 'uploaded_at' })
  uploadedAt!: Date;
}
