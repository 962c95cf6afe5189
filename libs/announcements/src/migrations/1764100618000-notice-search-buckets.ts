import { MigrationInterface, QueryRunner } from 'typeorm';
import { bucketOf, indexTokens, searchTextOf } from '../search/gram-search';

/**
 * Keyword search whose cost per page does not grow with the number of notices (docs/search.md): the normalised
 * text a notice is searched in (`search_text`, attachment names included) and a search vector of trigrams
 * prefixed with the week of publication, rebuilt for every notice already published. The GIN index stays.
 */
export class NoticeSearchBuckets1764100618000 implements MigrationInterface {
  name = 'NoticeSearchBuckets1764100618000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice ADD COLUMN search_text text`);
    const rows = (await q.query(
      `SELECT n.id, n.title, n.project_name, n.code, n.content, n.published_at,
              coalesce((SELECT string_agg(s.code, ' ' ORDER BY s.number) FROM notice_section ns JOIN tender_section s ON s.id = ns.section_id
                         WHERE ns.notice_id = n.id), '') AS sections,
              coalesce((SELECT string_agg(a.name, E'\\n' ORDER BY a.position) FROM notice_attachment a WHERE a.notice_id = n.id), '') AS attachments
         FROM notice n WHERE n.status <> 'draft'`,
    )) as { id: string; title: string; project_name: string; code: string; content: string; published_at: Date; sections: string; attachments: string }[];
    for (const r of rows) {
      const text = searchTextOf(r.title, r.project_name, r.code, r.sections, r.attachments, r.content);
      await q.query(`UPDATE notice SET search_text = $2, search_vector = array_to_tsvector($3::text[]) WHERE id = $1`, [
        r.id,
        text,
        indexTokens(text, bucketOf(r.published_at)),
      ]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notice DROP COLUMN search_text`);
  }
}
