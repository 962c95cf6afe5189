/**
 * Fixtures for the bids end-to-end tests and the benchmark (not part of the module's API): a published
 * section with its holders written straight into the announcements tables, so that the bid tests do not
 * depend on the notice flow's own rules (R5–R8), and sealed bids made with the sealing library.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { newKey, OpeningSummary, seal } from '@app/sealing';

export interface SectionFixture {
  sectionId: string;
  projectId: string;
  projectCode: string;
  sectionCode: string;
  projectName: string;
  sectionName: string;
}

let counter = 0;

export async function createPublishedSection(
  ds: DataSource,
  input: {
    bidDeadline: Date;
    tendererOrgId: string;
    agencyOrgId?: string | null;
    holders: string[];
    bidSecurity?: string;
    procedureType?: 'construction' | 'government';
    now?: Date;
  },
): Promise<SectionFixture> {
  const projectId = randomUUID();
  const sectionId = randomUUID();
  const n = `${process.pid % 100000}${String(++counter).padStart(3, '0')}${randomBytes(2).toString('hex')}`.toUpperCase();
  const projectCode = `E2104000001-2026-T${n}`;
  const sectionCode = `${projectCode}-001`;
  const now = input.now ?? new Date();
  await ds.query(
    `INSERT INTO tender_project (id, code, name, procedure_type, region_code, tenderer_org_id, agency_org_id, funding_source, section_count, created_at, updated_at)
     VALUES ($1, $2, $3, $4, '210100', $5, $6, '自筹资金', 1, $7, $7)`,
    [projectId, projectCode, `测试项目 ${n}`, input.procedureType ?? 'construction', input.tendererOrgId, input.agencyOrgId ?? null, now],
  );
  await ds.query(
    `INSERT INTO tender_section (id, project_id, code, number, name, estimated_price, bid_security, bid_deadline, opening_time,
       documents_issued_at, status, created_at, updated_at)
     VALUES ($1, $2, $3, 1, $4, '10000000.00', $5, $6, $6, $7, 'published', $7, $7)`,
    [sectionId, projectId, sectionCode, `测试标段 ${n}`, input.bidSecurity ?? '20000.00', input.bidDeadline, now],
  );
  for (const organisationId of input.holders) {
    await ds.query(
      `INSERT INTO document_holder (section_id, organisation_id, first_downloaded_at, last_downloaded_at) VALUES ($1, $2, $3, $3)`,
      [sectionId, organisationId, now],
    );
  }
  return { sectionId, projectId, projectCode, sectionCode, projectName: `测试项目 ${n}`, sectionName: `测试标段 ${n}` };
}

export async function setBidDeadline(ds: DataSource, sectionId: string, bidDeadline: Date): Promise<void> {
  await ds.query(`UPDATE tender_section SET bid_deadline = $2, opening_time = $2 WHERE id = $1`, [sectionId, bidDeadline]);
}

export const DEMO_SUMMARY: OpeningSummary = {
  price: '9876543.21',
  durationDays: 365,
  items: [
    { name: '质量标准', value: '合格' },
    { name: '项目经理', value: '张三' },
  ],
};

/** A sealed bid of `size` random plaintext bytes, in memory (small bids for tests). */
export async function sealedBid(
  size: number,
  summary: OpeningSummary = DEMO_SUMMARY,
  key: Uint8Array = newKey(),
): Promise<{ container: Buffer; key: Uint8Array; keyHex: string }> {
  const parts: Buffer[] = [];
  for await (const part of seal(randomBytes(size), key, summary, { fileName: 'bid.pdf', chunkSize: 64 * 1024 })) parts.push(part as Buffer);
  return { container: Buffer.concat(parts), key, keyHex: Buffer.from(key).toString('hex') };
}

/** A sealed bid streamed from `size` bytes of zeros: for large bids that must not be held in memory. */
export function sealedStream(size: number, key: Uint8Array = newKey(), summary: OpeningSummary = DEMO_SUMMARY): Readable {
  const piece = Buffer.alloc(1024 * 1024);
  let left = size;
  const source = Readable.from(
    (function* () {
      while (left > 0) {
        const n = Math.min(left, piece.length);
        left -= n;
        yield n === piece.length ? piece : piece.subarray(0, n);
      }
    })(),
    { objectMode: false },
  );
  return seal(source, key, summary, { fileName: 'bid.pdf' });
}
