import type { EntityManager, FindOptionsWhere } from 'typeorm';
import { BidStatus, canMoveBid } from '../domain/bid-lifecycle';
import { Bid } from './bid.entity';

/**
 * The one way a stored bid's status changes: the move must be one the lifecycle allows (canMoveBid), and it
 * applies only to the bids that are still in `from` (the status is part of the condition, so a bid moved by
 * someone else meanwhile is left alone). Returns how many bids moved. A status that stays the same (another
 * failed decryption) is no move and always allowed.
 */
export async function moveBids(
  manager: EntityManager,
  where: Pick<FindOptionsWhere<Bid>, 'id' | 'sectionId'>,
  from: BidStatus,
  to: BidStatus,
  patch: Omit<Partial<Bid>, 'status'> = {},
): Promise<number> {
  if (from !== to && !canMoveBid(from, to)) throw new Error(`a bid cannot move from ${from} to ${to} (libs/bids/src/domain/bid-lifecycle.ts)`);
  const result = await manager.update(Bid, { ...where, status: from }, { ...patch, status: to });
  return result.affected ?? 0;
}
