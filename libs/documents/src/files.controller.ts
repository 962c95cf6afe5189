import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError, Public } from '@app/core';
import { LocalObjectStore } from './object-store/local-object-store.adapter';
import { OBJECT_STORE, ObjectStore } from './object-store/object-store.port';

const linkRefused = () =>
  new DomainError('LINK_INVALID', 403, '下载链接无效或已过期', 'The download link is not valid or has expired');

/**
 * Serves the time-limited links of the local object store (the embedded default); with MinIO the links point
 * at MinIO itself and this route answers 404.
 */
@ApiExcludeController()
@Controller('files')
export class FilesController {
  constructor(@Inject(OBJECT_STORE) private readonly store: ObjectStore) {}

  @Public()
  @Get('*key')
  async get(
    @Param('key') key: string | string[],
    @Query('expires') expires: string,
    @Query('signature') signature: string,
    @Query('response-content-disposition') contentDisposition: string | undefined,
    @Query('response-content-type') contentType: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (!(this.store instanceof LocalObjectStore)) throw new DomainError('NOT_FOUND', 404, '请求的资源不存在', 'The requested resource does not exist');
    const objectKey = Array.isArray(key) ? key.join('/') : key;
    const headers = { contentDisposition, contentType };
    if (typeof expires !== 'string' || typeof signature !== 'string' || !this.store.verifyLink(objectKey, expires, signature, headers)) {
      throw linkRefused();
    }
    const stat = await this.store.stat(objectKey);
    const body = await this.store.get(objectKey);
    res.setHeader('Content-Length', String(stat.size));
    res.setHeader('Content-Type', contentType ?? 'application/octet-stream');
    if (contentDisposition) res.setHeader('Content-Disposition', contentDisposition);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    body.on('error', () => res.destroy());
    body.pipe(res);
  }
}
