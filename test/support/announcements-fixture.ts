import type { INestApplication } from '@nestjs/common';
import { ClockService } from '@app/core';

/**
 * Helpers for the end-to-end tests of libs/announcements (test/announcements*.e2e-spec.ts): register projects,
 * draft, upload and publish notices over HTTP, and move the platform clock.
 */

export interface HttpClient<U = unknown> {
  app: INestApplication;
  fetch(path: string, init?: RequestInit & { token?: string; json?: unknown }): Promise<Response>;
  token(user: U): Promise<string>;
}

export interface SectionJson {
  id: string;
  code: string;
  status: string;
  bidDeadline: string;
  openingTime: string;
  documentsUntil: string | null;
  refundDueAt: string | null;
  version: number;
}

export interface ProjectJson {
  id: string;
  code: string;
  name: string;
  procedureType: string;
  sections: SectionJson[];
}

export interface NoticeJson {
  id: string;
  code: string;
  type: string;
  status: string;
  publishedAt: string | null;
  title: string;
  sections: { id: string; code: string; status: string; bidDeadline: string }[];
  attachments: { documentId: string; kind: string; name: string; size: number; sha256: string }[];
  relatedNotice: { id: string; code: string } | null;
  supersededBy: string | null;
}

/** A small but real PDF (the documents service judges the type by the bytes). */
export function pdfBytes(text = '招标文件'): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'utf8');
}

export async function json<T>(r: Response, status: number): Promise<T> {
  const text = await r.text();
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export class AnnouncementsFixture<U = unknown> {
  /** Access tokens expire by the platform clock: one login per user per clock setting. */
  private tokens = new Map<U, string>();

  constructor(private readonly t: HttpClient<U>) {}

  /** Sets the platform clock (tests only); tokens issued before are forgotten (they may have expired). */
  async setClock(iso: string): Promise<void> {
    const clock = this.t.app.get(ClockService);
    const target = new Date(iso).getTime();
    // ClockService re-reads the shared offset every 2 s; a re-read that started before `set` can land after it
    // and put the old time back for a moment. Read it again until the clock stands where it was set.
    for (let attempt = 0; attempt < 5; attempt++) {
      await clock.set(new Date(iso));
      await clock.refresh();
      if (Math.abs(clock.now().getTime() - target) < 5000) break;
    }
    this.tokens.clear();
  }

  /** A valid access token for the user at the current platform time. */
  async token(user: U): Promise<string> {
    let token = this.tokens.get(user);
    if (!token) {
      token = await this.t.token(user);
      this.tokens.set(user, token);
    }
    return token;
  }

  async project(
    token: string,
    over: {
      procedureType?: 'construction' | 'government';
      name?: string;
      regionCode?: string;
      tendererOrgId?: string;
      bidDeadline?: string;
      estimatedPrice?: string;
      bidSecurity?: string;
      sections?: number;
    } = {},
  ): Promise<ProjectJson> {
    const n = over.sections ?? 1;
    const r = await this.t.fetch('/api/projects', {
      method: 'POST',
      token,
      json: {
        name: over.name ?? '滨河路桥梁改造工程',
        procedureType: over.procedureType ?? 'construction',
        regionCode: over.regionCode ?? '210100',
        fundingSource: '财政资金',
        ...(over.tendererOrgId ? { tendererOrgId: over.tendererOrgId } : {}),
        sections: Array.from({ length: n }, (_, i) => ({
          name: `第${i + 1}标段`,
          estimatedPrice: over.estimatedPrice ?? '1000000.00',
          bidSecurity: over.bidSecurity ?? '20000.00',
          bidDeadline: over.bidDeadline ?? '2026-12-22T09:30:00+08:00',
        })),
      },
    });
    return json<ProjectJson>(r, 201);
  }

  async draft(token: string, body: Record<string, unknown>): Promise<NoticeJson> {
    return json<NoticeJson>(await this.t.fetch('/api/notices', { method: 'POST', token, json: body }), 201);
  }

  async upload(token: string, noticeId: string, kind: 'tender-document' | 'attachment', name: string, bytes: Buffer): Promise<Response> {
    return this.t.fetch(`/api/notices/${noticeId}/attachments?kind=${kind}&name=${encodeURIComponent(name)}`, {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
    });
  }

  publish(token: string, noticeId: string): Promise<Response> {
    return this.t.fetch(`/api/notices/${noticeId}/publish`, { method: 'POST', token });
  }

  /** A tender notice draft with its tender documents uploaded. */
  async tenderDraft(
    token: string,
    project: ProjectJson,
    over: { title?: string; content?: string; documentsUntil?: string; noticePeriodEnd?: string; documentsFrom?: string } = {},
  ): Promise<NoticeJson> {
    const notice = await this.draft(token, {
      projectId: project.id,
      type: 'tender',
      title: over.title ?? `${project.name}招标公告`,
      content: over.content ?? `一、招标条件：${project.name}已批准建设。二、投标人资格要求：具备相应资质。`,
      sectionIds: project.sections.map((s) => s.id),
      documentsUntil: over.documentsUntil ?? '2026-12-10T17:00:00+08:00',
      ...(over.noticePeriodEnd ? { noticePeriodEnd: over.noticePeriodEnd } : {}),
      ...(over.documentsFrom ? { documentsFrom: over.documentsFrom } : {}),
    });
    await json(await this.upload(token, notice.id, 'tender-document', '招标文件（第一标段）.pdf', pdfBytes()), 201);
    return notice;
  }

  /** A project with a published tender notice. */
  async publishedTender(
    token: string,
    over: Parameters<AnnouncementsFixture['project']>[1] & { title?: string; content?: string; documentsUntil?: string } = {},
  ): Promise<{ project: ProjectJson; notice: NoticeJson }> {
    const project = await this.project(token, over);
    const draft = await this.tenderDraft(token, project, over);
    const notice = await json<NoticeJson>(await this.publish(token, draft.id), 200);
    return { project, notice };
  }

  /** Downloads the first tender document of a notice as a bidder. */
  download(token: string | undefined, notice: NoticeJson): Promise<Response> {
    const doc = notice.attachments.find((a) => a.kind === 'tender-document')!;
    return this.t.fetch(`/api/notices/${notice.id}/documents/${doc.documentId}`, { token });
  }
}
