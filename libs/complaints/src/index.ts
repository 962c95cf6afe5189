export * from './complaints.module';
export * from './complaints.schema';
export * from './complaints.errors';
export type { CaseKind, CaseStatus, CaseSubject, PauseKind } from './cases/case.entity';
export { CASE_KINDS, CASE_STATUSES, CASE_SUBJECTS, CLOSED_STATUSES, OBJECTION_SUBJECTS, PAUSE_KINDS } from './cases/case.entity';
export * from './cases/cases.service';
export * from './cases/case-views';
export * from './rules/case-windows';
export * from './dto/case.dto';
