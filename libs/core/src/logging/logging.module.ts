import { DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { destination, type DestinationStream } from 'pino';
import type { PlatformConfig } from '../config/platform-config';
import { requestIdOf } from './request-id';

/**
 * Logging (nestjs-pino: JSON lines, one per request with its id, status and time) and the request context
 * (nestjs-cls: the request id, readable anywhere in the request's work). The worker imports it without HTTP:
 * its log lines are the same JSON, and a delivered record's line carries the id of the request that wrote it.
 */
/**
 * Where the log lines go when no test destination is set: standard output, written asynchronously (pino's
 * SonicBoom with sync: false). process.stdout writes each line with a blocking write(2) when it is a file or a
 * pipe (always, on Linux): every log line then costs the request or the delivery a system call, and the whole
 * event loop waits while a slow reader (a log collector, a loaded machine) leaves the pipe full. Asynchronous,
 * the lines written while one write is in flight are gathered into the next (fewer system calls under load,
 * none waited for); what is still buffered is flushed synchronously when the process exits (pino registers
 * that), so only a SIGKILL can lose the last lines. One stream per process, whatever number of applications
 * it starts (tests), so that their lines keep their order.
 */
let standardOutput: DestinationStream | undefined;
function standardOutputLog(): DestinationStream {
  return (standardOutput ??= destination({ dest: 1, sync: false }));
}

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
            config.log.destination ?? standardOutputLog(),
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
