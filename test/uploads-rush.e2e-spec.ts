/**
 * A rush of sealed bids at an API that reads only a few connections at once (HTTP_ACTIVE_CONNECTIONS, the
 * connection gate of apps/api/src/connection-gate.ts): the connections beyond the limit wait unread in the kernel
 * and are served in turn, so every bid gets its receipt and nothing is lost. The memory this bounds is measured
 * by `npm run bench -- bids` (300 and 1,000 bidders), not here.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { putBidThrottled } from './support/bids-http';
import { createPublishedSection, sealedBid } from './support/bids-test-fixtures';
import { startTestApp, TestApp, TestUser } from './support/test-app';

const LIMIT = 8;
const BIDDERS = 40;

describe('a rush of uploads through the connection gate', () => {
  let t: TestApp;
  let bidders: TestUser[];
  let sectionId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { HTTP_ACTIVE_CONNECTIONS: String(LIMIT) } });
    const staff = await t.user('staff', { kind: 'tenderer' });
    bidders = [];
    for (let i = 0; i < BIDDERS; i++) bidders.push(await t.user('bidder'));
    ({ sectionId } = await createPublishedSection(t.app.get(DataSource), {
      bidDeadline: new Date(Date.now() + 3600_000),
      tendererOrgId: staff.organisationId,
      holders: bidders.map((b) => b.organisationId),
    }));
  }, 120_000);
  afterAll(() => t?.close());

  it(`${BIDDERS} bidders upload at once to an API reading ${LIMIT} connections: the rest wait unread, every bid gets its receipt`, async () => {
    expect(t.config.activeConnections).toBe(LIMIT);
    const server = t.app.getHttpServer() as Server;
    // the sockets the server accepts during the rush; when the first receipt comes back, how many were never read
    const sockets: Socket[] = [];
    const onConnection = (socket: Socket) => void sockets.push(socket);
    server.on('connection', onConnection);
    const tokens = await Promise.all(bidders.map((b) => t.token(b)));
    const bids = await Promise.all(bidders.map(() => sealedBid(256 * 1024)));
    let unreadAtFirstReceipt: number | undefined;
    try {
      const answers = await Promise.all(
        bidders.map((_, i) =>
          // each bid on a new connection, as a bidder's browser after sealing (the logins' connections were kept alive)
          putBidThrottled(`${t.url}/api/sections/${sectionId}/bids`, tokens[i], [bids[i].container], 0, {
            'content-length': String(bids[i].container.length),
            'x-bid-security-amount': '20000.00',
            'x-bid-security-form': 'transfer',
          }).then((r) => {
            unreadAtFirstReceipt ??= sockets.filter((s) => s.bytesRead === 0).length;
            return r;
          }),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual(Array(BIDDERS).fill(201));
      const receipts = answers.map((r) => JSON.parse(r.body) as { receiptNumber: string });
      expect(new Set(receipts.map((r) => r.receiptNumber)).size).toBe(BIDDERS);
    } finally {
      server.off('connection', onConnection);
    }
    // when the first bid was done, the connections beyond the limit had not been read at all (without the gate,
    // Node reads every connection as it arrives)
    expect(sockets.length).toBeGreaterThanOrEqual(BIDDERS);
    expect(unreadAtFirstReceipt).toBeGreaterThanOrEqual(BIDDERS - 2 * LIMIT);
    const [{ n }] = (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM bid WHERE section_id = $1`, [sectionId])) as { n: number }[];
    expect(n).toBe(BIDDERS);
  });
});
