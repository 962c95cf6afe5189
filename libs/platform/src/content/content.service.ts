import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, ChangeService, DomainError, Errors } from '@app/core';
import { contentHeadings, unsafeLinks } from './content-text';
import { CONTENT_SLUG, ContentPageDto, ContentPageSummaryDto, PutContentPageDto } from './content.dto';

interface Row {
  slug: string;
  title: string;
  body: string;
  updated_at: Date;
}

const view = (r: Row): ContentPageDto => ({ slug: r.slug, title: r.title, headings: contentHeadings(r.body), body: r.body, updatedAt: r.updated_at });

/** The public site's content pages: read by everyone, written by administrators (audited). */
@Injectable()
export class ContentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly change: ChangeService,
  ) {}

  async list(): Promise<ContentPageSummaryDto[]> {
    const rows: Row[] = await this.dataSource.query('SELECT slug, title, body, updated_at FROM content_page ORDER BY position, slug');
    return rows.map((r) => {
      const { body: _body, ...summary } = view(r);
      return summary;
    });
  }

  async get(slug: string): Promise<ContentPageDto> {
    const [row]: Row[] = CONTENT_SLUG.test(slug) ? await this.dataSource.query('SELECT slug, title, body, updated_at FROM content_page WHERE slug = $1', [slug]) : [];
    if (!row) throw Errors.notFound('Content page', '页面');
    return view(row);
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
    return view(row);
  }
}
