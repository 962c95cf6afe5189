import { EntityManager, In } from 'typeorm';
import { Actor } from '@app/core';
import { AnnouncementErrors } from '../announcements.errors';
import { assertProjectStaff } from '../common/access';
import { shanghai } from '../common/time';
import { TenderProject } from '../projects/tender-project.entity';
import { TenderQuestion } from '../questions/question.entity';
import { TenderSection } from '../sections/tender-section.entity';
import { AttachmentKind, DraftAnswer, Notice, NoticeAttachment, NoticeSection, NoticeType } from './notice.entity';

/**
 * What the drafts (NoticesService) and the publication (NoticePublicationService) of notices both read and lock:
 * the staff view of a notice, its sections, the project and draft under lock, the notice a change names.
 */

/** What a supplement or termination may name: the current notice of a chain. */
const RELATED_TYPES: Record<'supplement' | 'termination', readonly NoticeType[]> = {
  supplement: ['tender', 'supplement', 'consultation'],
  termination: ['tender', 'supplement'],
};

const TYPE_ZH: Record<NoticeType, string> = {
  tender: '招标公告',
  consultation: '征求意见公告',
  supplement: '补充/变更公告',
  termination: '终止公告',
  candidate_publicity: '中标候选人公示',
  result: '中标结果公告',
};

export interface AttachmentOutput {
  documentId: string;
  kind: AttachmentKind;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface NoticeOutput {
  id: string;
  code: string;
  projectId: string;
  type: NoticeType;
  changeKind: string | null;
  status: string;
  title: string;
  content: string;
  relatedNotice: { id: string; code: string; title: string } | null;
  firstNoticeId: string | null;
  affectsBidPreparation: boolean;
  newBidDeadline: string | null;
  documentsFrom: string | null;
  documentsUntil: string | null;
  noticePeriodEnd: string | null;
  commentPeriodEnd: string | null;
  answers: DraftAnswer[];
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  supersededAt: string | null;
  supersededBy: string | null;
  sections: { id: string; code: string; name: string; status: string; bidDeadline: string; documentsUntil: string | null }[];
  attachments: AttachmentOutput[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export function attachmentOutput(a: NoticeAttachment): AttachmentOutput {
  return { documentId: a.documentId, kind: a.kind, name: a.name, contentType: a.contentType, size: a.size, sha256: a.sha256 };
}

/** The staff view of a notice: its sections, attachments and the notice it names. */
export async function noticeOutput(manager: EntityManager, noticeId: string): Promise<NoticeOutput> {
  const n = await manager.findOneOrFail(Notice, { where: { id: noticeId } });
  const sectionIds = await sectionIdsOf(manager, noticeId);
  const sections = sectionIds.length ? await manager.find(TenderSection, { where: { id: In(sectionIds) }, order: { number: 'ASC' } }) : [];
  const attachments = await manager.find(NoticeAttachment, { where: { noticeId }, order: { position: 'ASC' } });
  const related = n.relatedNoticeId ? await manager.findOne(Notice, { where: { id: n.relatedNoticeId } }) : null;
  return {
    id: n.id,
    code: n.code,
    projectId: n.projectId,
    type: n.type,
    changeKind: n.changeKind,
    status: n.status,
    title: n.title,
    content: n.content,
    relatedNotice: related ? { id: related.id, code: related.code, title: related.title } : null,
    firstNoticeId: n.firstNoticeId,
    affectsBidPreparation: n.affectsBidPreparation,
    newBidDeadline: shanghai(n.newBidDeadline),
    documentsFrom: shanghai(n.documentsFrom),
    documentsUntil: shanghai(n.documentsUntil),
    noticePeriodEnd: shanghai(n.noticePeriodEnd),
    commentPeriodEnd: shanghai(n.commentPeriodEnd),
    answers: n.answers,
    publishedAt: shanghai(n.publishedAt),
    withdrawnAt: shanghai(n.withdrawnAt),
    withdrawReason: n.withdrawReason,
    supersededAt: shanghai(n.supersededAt),
    supersededBy: n.supersededBy,
    sections: sections.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      status: s.status,
      bidDeadline: shanghai(s.bidDeadline),
      documentsUntil: shanghai(s.documentsUntil),
    })),
    attachments: attachments.map(attachmentOutput),
    createdAt: shanghai(n.createdAt),
    updatedAt: shanghai(n.updatedAt),
    version: n.version,
  };
}

export async function sectionIdsOf(manager: EntityManager, noticeId: string): Promise<string[]> {
  const rows = await manager.find(NoticeSection, { where: { noticeId } });
  return rows.map((r) => r.sectionId);
}

export async function lockProject(manager: EntityManager, projectId: string): Promise<TenderProject> {
  const project = await manager.findOne(TenderProject, { where: { id: projectId }, lock: { mode: 'pessimistic_write' } });
  if (!project) throw AnnouncementErrors.projectNotFound();
  return project;
}

export async function lockDraft(manager: EntityManager, actor: Actor, noticeId: string): Promise<Notice> {
  const notice = await manager.findOne(Notice, { where: { id: noticeId }, lock: { mode: 'pessimistic_write' } });
  if (!notice) throw AnnouncementErrors.noticeNotFound();
  const project = await manager.findOneOrFail(TenderProject, { where: { id: notice.projectId } });
  assertProjectStaff(actor, project);
  if (notice.status !== 'draft') throw AnnouncementErrors.notDraft('notice');
  return notice;
}

export async function lockSections(manager: EntityManager, ids: string[]): Promise<TenderSection[]> {
  if (!ids.length) return [];
  return manager.find(TenderSection, { where: { id: In(ids) }, order: { number: 'ASC' }, lock: { mode: 'pessimistic_write' } });
}

/** The notice a supplement or termination names: published, of the same project, the current one of its chain. */
export async function relatedNotice(
  manager: EntityManager,
  project: TenderProject,
  type: 'supplement' | 'termination',
  relatedId: string,
  lock = false,
): Promise<Notice> {
  const related = await manager.findOne(Notice, { where: { id: relatedId }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  if (!related || related.projectId !== project.id) {
    throw AnnouncementErrors.relatedNotice('The related notice must be a notice of the same project', '所变更的公告必须是本项目的公告');
  }
  if (related.status !== 'published') {
    throw AnnouncementErrors.relatedNotice(
      `The related notice is ${related.status}; name the current published notice`,
      `所变更的公告状态为 ${related.status}，请选择当前有效的公告`,
    );
  }
  if (!RELATED_TYPES[type].includes(related.type)) {
    throw AnnouncementErrors.relatedNotice(`A ${type} cannot change a ${related.type} notice`, `${TYPE_ZH[type]}不能变更${TYPE_ZH[related.type]}`);
  }
  return related;
}

export async function coversAllSections(manager: EntityManager, relatedId: string, sectionIds: string[]): Promise<boolean> {
  const relatedSections = await sectionIdsOf(manager, relatedId);
  return relatedSections.every((id) => sectionIds.includes(id));
}

export async function assertAnswerable(manager: EntityManager, sectionIds: string[], answers: DraftAnswer[]): Promise<void> {
  for (const a of answers) {
    const q = await manager.findOne(TenderQuestion, { where: { id: a.questionId } });
    if (!q || !sectionIds.includes(q.sectionId)) throw AnnouncementErrors.answerUnknown(a.questionId);
    if (q.answerNoticeId) throw AnnouncementErrors.answeredAlready(a.questionId);
  }
}
