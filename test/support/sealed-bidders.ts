import { AnnouncementsFixture, json, NoticeJson } from './announcements-fixture';
import { putSealedBid } from './bids-http';
import { sealedBid } from './bids-test-fixtures';
import { TestApp, TestUser } from './test-app';

export interface SealedBidder {
  user: TestUser;
  name: string;
  price: string;
  keyHex: string;
}

/**
 * Bidders that download the tender documents and submit sealed bids through the API, in order (the browser's own
 * sealing is tested in web-portal): each a new organisation named `name`, bidding `price` with a duration of
 * 180 + its index days and one read-out item 项目经理 = 经理<index + 1>. Returns them with their keys.
 */
export async function submitSealedBids(
  t: TestApp,
  f: AnnouncementsFixture<TestUser>,
  notice: NoticeJson,
  sectionId: string,
  entries: [name: string, price: string][],
): Promise<SealedBidder[]> {
  const bidders: SealedBidder[] = [];
  for (const [i, [name, price]] of entries.entries()) {
    const user = await t.user('bidder', { name });
    const token = await t.token(user);
    expect((await f.download(token, notice)).status).toBe(200);
    const { container, keyHex } = await sealedBid(4096, { price, durationDays: 180 + i, items: [{ name: '项目经理', value: `经理${i + 1}` }] });
    await json(await putSealedBid(t, token, sectionId, container), 201);
    bidders.push({ user, name, price, keyHex });
  }
  return bidders;
}
