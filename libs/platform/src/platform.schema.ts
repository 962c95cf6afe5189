import { coreSchema, ModuleSchema } from '@app/core';
import { identitySchema } from '@app/identity';
import { exchangeSchema } from '@app/exchange';
import { documentsSchema } from '@app/documents';
import { announcementsSchema } from '@app/announcements';
import { bidsSchema } from '@app/bids';
import { awardsSchema } from '@app/awards';
import { complaintsSchema } from '@app/complaints';
import { ContentFiles1764100860000, ContentPages1764100841000 } from './content';

/**
 * The composition root of the database: every module's entities and migrations, in one list, for the
 * one DataSource that the api, the worker and the migration CLI share.
 */
const modules: ModuleSchema[] = [coreSchema, identitySchema, exchangeSchema, documentsSchema, announcementsSchema, bidsSchema, awardsSchema, complaintsSchema];

export const platformSchema: ModuleSchema = {
  entities: modules.flatMap((m) => m.entities as unknown[]) as ModuleSchema['entities'],
  // the public site's content pages (libs/platform/src/content) are the platform's own
  migrations: [...modules.flatMap((m) => m.migrations), ContentPages1764100841000, ContentFiles1764100860000],
};
