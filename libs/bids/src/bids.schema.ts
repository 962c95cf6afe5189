import type { ModuleSchema } from '@app/core';
import { Bid } from './entities/bid.entity';
import { BidEvent } from './entities/bid-event.entity';
import { BidOpening } from './entities/bid-opening.entity';
import { OpeningObjection } from './entities/opening-objection.entity';
import { Bids1764100400000 } from './migrations/1764100400000-bids';
import { BidStatisticsIndexes1764100811000 } from './migrations/1764100811000-statistics-indexes';

export const bidsSchema: ModuleSchema = {
  entities: [Bid, BidEvent, BidOpening, OpeningObjection],
  migrations: [Bids1764100400000, BidStatisticsIndexes1764100811000],
};
