import { Module } from '@nestjs/common';
import { ContentController } from './content.controller';
import { ContentService } from './content.service';

/**
 * The public site's content pages (site content, not a tender module: it lives beside the composition root) and
 * their files. Needs the global DocumentsModule configured with `contentFilePurposes()`.
 */
@Module({ controllers: [ContentController], providers: [ContentService], exports: [ContentService] })
export class ContentModule {}
