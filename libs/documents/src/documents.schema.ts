import { Document } from './document.entity';
import { Documents1764100100000 } from './migrations/1764100100000-documents';

/** What libs/documents adds to the one DataSource. */
export const documentsSchema = { entities: [Document], migrations: [Documents1764100100000] };
