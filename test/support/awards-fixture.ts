/**
 * Fixtures for the awards end-to-end tests and the benchmark (not part of the module's API): a section whose opening
 * has closed, with its bids decrypted (or not) and their prices read out, written straight into the announcements
 * and bids tables so that the award tests do not depend on sealing and the opening's own timing (R15–R19).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createPublishedSection, SectionFixture } from './bids-test-fixtures';

export interface OpenedBidFixture {
  bidId: string;
  organisationId: string;
  bidderCode: string;
  bidderName: string;
  bidPrice: string | null;
}

export interface OpenedSectionFixture extends SectionFixture {
  bids: OpenedBidFixture[];
}

const hex = () => randomBytes(32).toString('hex');

/**
 * A section in `opened` with one closed opening and the given bidders' bids: `price: null` is a bid whose
 * decryption failed. The bidders' organisations must exist (`organisationId`, with their uscc and name).
 */
export async function createOpenedSection(
  ds: DataSource,
  input: {
    tendererOrgId: string;
    agencyOrgId?: string | null;
    procedureType?: 'construction' | 'government';
    bidders: { organisationId: string; uscc: string; name: string; price: string | null }[];
    /** When the opening closed (the platform clock's now by default). */
    openedAt: Date;
  },
): Promise<OpenedSectionFixture> {
  const deadline = new Date(input.openedAt.getTime() - 3600_000);
  const section = await createPublishedSection(ds, {
    bidDeadline: deadline,
    tendererOrgId: input.tendererOrgId,
    agencyOrgId: input.agencyOrgId ?? null,
    holders: input.bidders.map((b) => b.organisationId),
    procedureType: input.procedureType ?? 'construction',
    now: new Date(deadline.getTime() - 30 * 86_400_000),
  });
  const bids: OpenedBidFixture[] = [];
  const values: unknown[] = [];
  const docs: unknown[] = [];
  for (const [i, b] of input.bidders.entries()) {
    const bidId = randomUUID();
    const documentId = randomUUID();
    const sha = hex();
    docs.push([documentId, `bid/fixture/${documentId}`, 'bid', 'bid.sealed', 'application/octet-stream', 1000, sha, deadline]);
    values.push([
      bidId, section.sectionId, b.organisationId, b.uscc, b.name, b.price === null ? 'decryption_failed' : 'decrypted',
      `R-${randomBytes(8).toString('hex')}`, new Date(deadline.getTime() - (i + 1) * 60_000), documentId, sha, hex(), b.price,
      b.price === null ? 'KEY_NOT_SUBMITTED' : null, b.price === null ? null : input.openedAt, randomUUID(),
    ]);
    bids.push({ bidId, organisationId: b.organisationId, bidderCode: b.uscc, bidderName: b.name, bidPrice: b.price });
  }
  for (let at = 0; at < docs.length; at += 500) {
    const chunk = docs.slice(at, at + 500) as unknown[][];
    await ds.query(
      `INSERT INTO document (id, object_key, purpose, original_name, content_type, size, sha256, created_at)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::bigint[], $7::char(64)[], $8::timestamptz[])`,
      [0, 1, 2, 3, 4, 5, 6, 7].map((k) => chunk.map((r) => r[k])),
    );
  }
  for (let at = 0; at < values.length; at += 500) {
    const chunk = values.slice(at, at + 500) as unknown[][];
    await ds.query(
      `INSERT INTO bid (id, section_id, bidder_org_id, bidder_code, bidder_name, version, status, receipt_number, received_at, document_id, sha256, size,
         key_fingerprint, chunk_size, security_amount, security_form, receipt_payload, receipt_signature, receipt_key_id, submitted_by,
         bid_price, decryption_error, decryption_final, decrypted_at)
       SELECT b.id, b.section_id, b.org, b.code, b.name, 1, b.status, b.receipt, b.received, b.doc, b.sha, 1000, b.kf, 65536, 20000, 'insurance', '{}', 'x',
              repeat('0', 64), b.by, b.price, b.err, b.err IS NOT NULL, b.decrypted
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::char(18)[], $5::varchar[], $6::varchar[], $7::varchar[], $8::timestamptz[], $9::uuid[],
                     $10::char(64)[], $11::char(64)[], $12::numeric[], $13::varchar[], $14::timestamptz[], $15::uuid[])
           AS b(id, section_id, org, code, name, status, receipt, received, doc, sha, kf, price, err, decrypted, by)`,
      Array.from({ length: 15 }, (_, k) => chunk.map((r) => r[k])),
    );
  }
  const recordText = JSON.stringify({ fixture: true, bids: bids.length });
  await ds.query(
    `INSERT INTO bid_opening (section_id, status, bid_open_time, started_at, bid_count, decryption_window_end, closed_at, close_reason, record, record_text, record_sha256, published_at)
     VALUES ($1, 'closed', $2, $2, $3, $4, $4, 'all_settled', $5::jsonb, $5, $6, $4)`,
    [section.sectionId, deadline, bids.length, input.openedAt, recordText, createHash('sha256').update(recordText).digest('hex')],
  );
  await ds.query(`UPDATE tender_section SET status = 'opened', decryption_window_end = $2 WHERE id = $1`, [section.sectionId, input.openedAt]);
  return { ...section, bids };
}

/** Organisations for many bidders at once (the bench's 300): returns them with their uscc and name. */
export async function createBidderOrganisations(ds: DataSource, n: number, prefix = '投标人'): Promise<{ organisationId: string; uscc: string; name: string }[]> {
  const out: { organisationId: string; uscc: string; name: string }[] = [];
  const tag = randomBytes(3).toString('hex').toUpperCase();
  for (let i = 0; i < n; i++) {
    // not a checked 统一社会信用代码: the awards code copies it as it is
    const uscc = `91${tag}${String(i).padStart(10, '0')}`.slice(0, 18).padEnd(18, 'X');
    out.push({ organisationId: randomUUID(), uscc, name: `${prefix}${tag}-${i + 1}有限公司` });
  }
  await ds.query(
    `INSERT INTO organisation (id, uscc, name, kind, region_code, created_at)
     SELECT id, uscc, name, 'bidder', '210100', now() FROM unnest($1::uuid[], $2::char(18)[], $3::varchar[]) AS o(id, uscc, name)`,
    [out.map((o) => o.organisationId), out.map((o) => o.uscc), out.map((o) => o.name)],
  );
  return out;
}

/** A small valid PDF: what the award tests upload as an evaluation report or a contract. */
const AWARD_TEST_PDF = Buffer.from('%PDF-1.4\n% 评标报告（测试）\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'utf8');

/** Uploads AWARD_TEST_PDF as an award document of the section (POST …/award-documents) and returns its id. */
export async function uploadAwardDocument(
  client: { fetch(path: string, init?: RequestInit & { token?: string }): Promise<Response> },
  token: string,
  sectionId: string,
): Promise<string> {
  const r = await client.fetch(`/api/sections/${sectionId}/award-documents?name=${encodeURIComponent('评标报告.pdf')}`, {
    method: 'POST',
    token,
    headers: { 'content-type': 'application/pdf' },
    body: AWARD_TEST_PDF as unknown as BodyInit,
  });
  if (r.status !== 201) throw new Error(`uploading an award document answered ${r.status}: ${await r.text()}`);
  return ((await r.json()) as { documentId: string }).documentId;
}
