import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Actor, decodeTimeCursor, Errors, limitOf, Page, pageOf } from '@app/core';
import { shanghai } from '../common/time';
import { InboxKind, InboxMessage } from './inbox-message.entity';

export interface InboxMessageOutput {
  id: string;
  kind: InboxKind;
  title: string;
  body: string;
  noticeId: string | null;
  sectionId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** The in-platform inbox per organisation (站内信): how clarifications and terminations reach every holder (R10, R13). */
@Injectable()
export class InboxService {
  constructor(private readonly dataSource: DataSource) {}

  /** One message to each organisation, in the caller's transaction (so it commits with the notice). */
  async deliver(
    manager: EntityManager,
    organisationIds: readonly string[],
    message: { kind: InboxKind; title: string; body: string; noticeId?: string | null; sectionId?: string | null },
    at: Date,
  ): Promise<number> {
    const unique = [...new Set(organisationIds)];
    if (!unique.length) return 0;
    const rows = unique.map((organisationId) =>
      manager.create(InboxMessage, {
        id: randomUUID(),
        organisationId,
        kind: message.kind,
        title: message.title.slice(0, 300),
        body: message.body,
        noticeId: message.noticeId ?? null,
        sectionId: message.sectionId ?? null,
        createdAt: at,
        readAt: null,
      }),
    );
    await manager.insert(InboxMessage, rows);
    return rows.length;
  }

  /** The logged-in organisation's messages, newest first. */
  async list(actor: Actor, query: { cursor?: string; limit?: number; unread?: boolean }): Promise<Page<InboxMessageOutput>> {
    if (!actor.organisationId) throw Errors.forbidden();
    const limit = limitOf(query.limit);
    const cursor = decodeTimeCursor(query.cursor);
    const qb = this.dataSource.manager
      .createQueryBuilder(InboxMessage, 'm')
      .where('m.organisationId = :org', { org: actor.organisationId })
      .orderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .take(limit + 1);
    if (query.unread) qb.andWhere('m.readAt IS NULL');
    if (cursor) qb.andWhere('(m.createdAt, m.id) < (:at, :id)', { at: cursor.at, id: cursor.id });
    const rows = await qb.getMany();
    return pageOf(rows, limit, (m) => ({ at: m.createdAt, id: m.id }), output);
  }

  async markRead(actor: Actor, id: string, at: Date): Promise<InboxMessageOutput> {
    const message = await this.dataSource.manager.findOne(InboxMessage, { where: { id } });
    if (!message || message.organisationId !== actor.organisationId) throw Errors.notFound('Message', '消息');
    if (!message.readAt) {
      await this.dataSource.manager.update(InboxMessage, { id, readAt: IsNull() }, { readAt: at });
      message.readAt = at;
    }
    return output(message);
  }
}

function output(m: InboxMessage): InboxMessageOutput {
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    body: m.body,
    noticeId: m.noticeId,
    sectionId: m.sectionId,
    createdAt: shanghai(m.createdAt),
    readAt: shanghai(m.readAt),
  };
}
