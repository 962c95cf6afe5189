import { DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformConfig } from '../config/platform-config';
import { requestIdOf } from './request-id';

/**
 * Logging (nestjs-pino: JSON lines, one per request with its id, status and time) and the request context
 * (nestjs-cls: the request id, readable anywhere in the request's work). The worker imports it without HTTP:
 * its log lines are the same JSON, and a delivered record's line carries the id of the request that wrote it.
 */
@Module({})
export class LoggingModule {
  static forRoot(config: Pick<PlatformConfig, 'log'>, options: { http: boolean }): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: config.log.level,
              autoLogging: config.log.requests,
              genReqId: (req: IncomingMessage, res: ServerResponse) => requestIdOf(req, res),
              // every line of the request (the access line and the services' lines) carries its id at the top
              customProps: (req: IncomingMessage) => ({ requestId: (req as IncomingMessage & { id?: string }).id }),
              // the access log says what was asked and answered, never credentials
              serializers: {
                req: (req: { method: string; url: string; remoteAddress?: string }) => ({ method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
            },
            config.log.destination ?? process.stdout,
          ],
        }),
        ClsModule.forRoot({
          global: true,
          middleware: options.http ? { mount: true, generateId: true, idGenerator: (req: IncomingMessage) => requestIdOf(req) } : undefined,
        }),
      ],
    };
  }
}
