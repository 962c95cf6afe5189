import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, ChangeService, DomainError, Errors } from '@app/core';
import { DocumentsService, fileTypeOfMime, renamedFileName } from '@app/documents';
import { contentHeadings, unsafeLinks } from './content-text';
import { CONTENT_SLUG, ContentFileDto, ContentPageDto, ContentPageSummaryDto, PutContentPageDto, UpdateContentFileDto } from './content.dto';
import { CONTENT_FILE_PURPOSE } from './content-files';

interface Row {
  slug: string;
  title: string;
  body: string;
  updated_at: Date;
}

interface FileRow {
  document_id: string;
  slug: string;
  name: string;
  content_type: string;
  size: string | number;
  sha256: string;
  uploaded_at: Date;
}

const FILE_COLUMNS = 'document_id, slug, name, content_type, size, sha256, uploaded_at';

const view = (r: Row, files: ContentFileDto[]): ContentPageDto => ({
  slug: r.slug,
  title: r.title,
  headings: contentHeadings(r.body),
  body: r.body,
  updatedAt: r.updated_at,
  files,
});

const fileView = (f: FileRow): ContentFileDto => ({
  id: f.document_id,
  name: f.name,
  type: fileTypeOfMime(f.content_type) ?? 'zip',
  contentType: f.content_type,
  size: Number(f.size),
  sha256: f.sha256,
  uploadedAt: f.uploaded_at,
  href: `/api/public/content/${f.slug}/files/${f.document_id}`,
});

/** The refusals of a content page's files. */
export const ContentErrors = {
  pageNotFound: () => Errors.notFound('Content page', '页面'),
  fileNotFound: () => new DomainError('CONTENT_FILE_NOT_FOUND', 404, '该页面没有这个文件（可能已被删除）', 'This page has no such file (it may have been removed)'),
};

export interface ContentFileUpload {
  name: string;
  stream: Readable;
  declaredSize?: number;
  declaredType?: string;
}

/** The public site's content pages: read by everyone, written by administrators (audited). */
@Injectable()
export class ContentService {
  private readonly logger = new Logger(ContentService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
    private readonly documents: DocumentsService,
  ) {}

  async list(): Promise<ContentPageSummaryDto[]> {
    const rows: Row[] = await this.dataSource.query('SELECT slug, title, body, updated_at FROM content_page ORDER BY position, slug');
    return rows.map((r) => {
      const { body: _body, files: _files, ...summary } = view(r, []);
      return summary;
    });
  }

  async get(slug: string): Promise<ContentPageDto> {
    const [row]: Row[] = CONTENT_SLUG.test(slug) ? await this.dataSource.query('SELECT slug, title, body, updated_at FROM content_page WHERE slug = $1', [slug]) : [];
    if (!row) throw ContentErrors.pageNotFound();
    return view(row, await this.filesOf(this.dataSource.manager, slug));
  }

  /** Whether any page has a file (the demo adds its files only to a platform without any). */
  async hasFiles(): Promise<boolean> {
    const [row]: unknown[] = await this.dataSource.query('SELECT 1 FROM content_file LIMIT 1');
    return !!row;
  }

  /** A page's files, in the order they were attached. */
  private async filesOf(manager: EntityManager, slug: string): Promise<ContentFileDto[]> {
    const rows: FileRow[] = await manager.query(`SELECT ${FILE_COLUMNS} FROM content_file WHERE slug = $1 ORDER BY position, uploaded_at`, [slug]);
    return rows.map(fileView);
  }

  private async assertPage(manager: EntityManager, slug: string, lock = false): Promise<void> {
    const [page]: unknown[] = CONTENT_SLUG.test(slug) ? await manager.query(`SELECT slug FROM content_page WHERE slug = $1${lock ? ' FOR UPDATE' : ''}`, [slug]) : [];
    if (!page) throw ContentErrors.pageNotFound();
  }

  /**
   * Attaches a file to a page: stored through libs/documents (streamed, hashed, the type judged by the content and
   * the name's extension agreeing, the limits of tender documents), then listed on the page in one transaction with
   * its audit entry (content.file_upload). A page that does not exist is refused before a byte is read.
   */
  async attachFile(actor: Actor, slug: string, upload: ContentFileUpload): Promise<ContentFileDto> {
    await this.assertPage(this.dataSource.manager, slug).catch((err: unknown) => {
      upload.stream.destroy();
      throw err;
    });
    const document = await this.documents.store(CONTENT_FILE_PURPOSE, upload.stream, {
      originalName: upload.name,
      declaredSize: upload.declaredSize,
      declaredType: upload.declaredType,
      createdBy: actor.accountId,
      uploaderOrgId: actor.organisationId,
    });
    try {
      return await this.change.run(actor, async (ctx) => {
        await this.assertPage(ctx.manager, slug, true);
        const [saved]: FileRow[] = await ctx.manager.query(
          `INSERT INTO content_file (document_id, slug, name, content_type, size, sha256, position, uploaded_at, uploaded_by)
           VALUES ($1, $2::varchar, $3, $4, $5, $6, (SELECT coalesce(max(position) + 1, 0) FROM content_file WHERE slug = $2::varchar), $7, $8)
           RETURNING ${FILE_COLUMNS}`,
          [document.id, slug, document.originalName, document.contentType, document.size, document.sha256, ctx.at, actor.accountId],
        );
        await ctx.audit({
          action: 'content.file_upload',
          entityType: 'content_page',
          entityId: slug,
          data: { fileId: document.id, name: document.originalName, contentType: document.contentType, size: document.size, sha256: document.sha256 },
        });
        return fileView(saved);
      });
    } catch (err) {
      await this.removeDocument(document.id);
      throw err;
    }
  }

  /** Removes a file from a page (audited as content.file_remove), then deletes its document and bytes. */
  async removeFile(actor: Actor, slug: string, fileId: string): Promise<void> {
    await this.change.run(actor, async (ctx) => {
      await this.assertPage(ctx.manager, slug, true);
      const [file]: FileRow[] = await ctx.manager.query(`SELECT ${FILE_COLUMNS} FROM content_file WHERE slug = $1 AND document_id = $2 FOR UPDATE`, [slug, fileId]);
      if (!file) throw ContentErrors.fileNotFound();
      await ctx.manager.query('DELETE FROM content_file WHERE document_id = $1', [fileId]);
      await ctx.audit({
        action: 'content.file_remove',
        entityType: 'content_page',
        entityId: slug,
        data: { fileId, name: file.name, size: Number(file.size), sha256: file.sha256 },
      });
    });
    await this.removeDocument(fileId);
  }

  /**
   * Renames a file (the new name agreeing with its content, as an upload's must) and/or moves it to another place
   * in the page's list; audited as content.file_update with what it was before.
   */
  async updateFile(actor: Actor, slug: string, fileId: string, dto: UpdateContentFileDto): Promise<ContentFileDto> {
    return this.change.run(actor, async (ctx) => {
      await this.assertPage(ctx.manager, slug, true);
      const rows: FileRow[] = await ctx.manager.query(`SELECT ${FILE_COLUMNS} FROM content_file WHERE slug = $1 ORDER BY position, uploaded_at`, [slug]);
      const at = rows.findIndex((r) => r.document_id === fileId);
      if (at < 0) throw ContentErrors.fileNotFound();
      const file = rows[at];
      const type = fileTypeOfMime(file.content_type);
      const name = dto.name === undefined || !type ? file.name : renamedFileName(dto.name, type, CONTENT_FILE_PURPOSE);
      const order = rows.filter((r) => r.document_id !== fileId);
      const position = dto.position === undefined ? at : Math.min(dto.position, order.length);
      order.splice(position, 0, file);
      for (const [i, r] of order.entries()) {
        await ctx.manager.query('UPDATE content_file SET position = $2, name = $3 WHERE document_id = $1', [r.document_id, i, r.document_id === fileId ? name : r.name]);
      }
      await ctx.audit({
        action: 'content.file_update',
        entityType: 'content_page',
        entityId: slug,
        data: { fileId, name, previousName: file.name, position, previousPosition: at, sha256: file.sha256 },
      });
      return fileView({ ...file, name });
    });
  }

  /** A page's file and its bytes, for anyone to download. */
  async openFile(slug: string, fileId: string): Promise<{ file: ContentFileDto; stream: Readable }> {
    await this.assertPage(this.dataSource.manager, slug);
    const [row]: FileRow[] = await this.dataSource.query(`SELECT ${FILE_COLUMNS} FROM content_file WHERE slug = $1 AND document_id = $2`, [slug, fileId]);
    if (!row) throw ContentErrors.fileNotFound();
    const document = await this.documents.findById(fileId);
    return { file: fileView(row), stream: await this.documents.open(document) };
  }

  /** Deletes a document no page lists (after a removal, or an upload whose listing failed); a failure only leaves an orphan. */
  private async removeDocument(documentId: string): Promise<void> {
    try {
      await this.documents.remove(await this.documents.findById(documentId));
    } catch (err) {
      this.logger.warn(`could not remove document ${documentId}: ${(err as Error).message}`);
    }
  }

  /** Creates or replaces a page; a link to anything but a site path or https is refused (no script on the public site). */
  async put(actor: Actor, slug: string, dto: PutContentPageDto): Promise<ContentPageDto> {
    if (!CONTENT_SLUG.test(slug)) {
      throw new DomainError('CONTENT_SLUG_INVALID', 400, '页面地址只能包含小写字母、数字和连字符（2–40 个字符，以字母开头）', 'The slug is 2–40 lower-case letters, digits or hyphens, starting with a letter', { field: 'slug' });
    }
    const bad = unsafeLinks(dto.body);
    if (bad.length) {
      throw new DomainError('CONTENT_LINK_UNSAFE', 422, `链接只能指向本站路径（以 / 开头）或 https:// 地址：${bad.join('、')}`, `Links may only go to a path of this site or an https:// address: ${bad.join(', ')}`, {
        field: 'body',
        links: bad,
      });
    }
    const title = dto.title.trim();
    const body = dto.body.replace(/\r\n/g, '\n').trim();
    const row = await this.change.run(actor, async (ctx) => {
      const [before]: { title: string }[] = await ctx.manager.query('SELECT title FROM content_page WHERE slug = $1 FOR UPDATE', [slug]);
      const [saved]: Row[] = await ctx.manager.query(
        `INSERT INTO content_page (slug, title, body, position, updated_at, updated_by)
         VALUES ($1, $2, $3, (SELECT coalesce(max(position) + 1, 0) FROM content_page), $4, $5)
         ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
         RETURNING slug, title, body, updated_at`,
        [slug, title, body, ctx.at, actor.accountId],
      );
      await ctx.audit({
        action: before ? 'content.update' : 'content.create',
        entityType: 'content_page',
        entityId: slug,
        data: { title, previousTitle: before?.title ?? null, bodySha256: createHash('sha256').update(body).digest('hex'), bodyLength: body.length },
      });
      return saved;
    });
    return view(row, await this.filesOf(this.dataSource.manager, slug));
  }
}
