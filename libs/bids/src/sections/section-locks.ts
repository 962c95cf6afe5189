import type { EntityManager } from 'typeorm';

/**
 * Advisory locks (two-key form, so they never meet the audit chain's one-key lock) that order the recording
 * of bids against the opening of their section, without locking the section's row, which belongs to the
 * announcements module:
 * - recording a bid or a withdrawal takes the section's lock shared, so bids of many bidders commit side by side;
 * - opening the section at 截止 takes it exclusive: it waits for every bid being recorded, and a bid recorded
 *   after it sees the section in `opening` and is refused.
 * Held until the transaction ends.
 */
const SECTION_BIDS = 7_310_400;
/** One bidder's submissions and withdrawals in one section, one at a time (versions without gaps). */
const BIDDER_IN_SECTION = 7_310_401;

export async function lockSectionBidsExclusive(manager: EntityManager, sectionId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [SECTION_BIDS, sectionId]);
}

/** Both locks a bidder's submission or withdrawal takes, in one round trip: the section's shared, the bidder's own. */
export async function lockForBidder(manager: EntityManager, sectionId: string, organisationId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock_shared($1, hashtext($2)), pg_advisory_xact_lock($3, hashtext($4))', [
    SECTION_BIDS,
    sectionId,
    BIDDER_IN_SECTION,
    `${sectionId}/${organisationId}`,
  ]);
}
