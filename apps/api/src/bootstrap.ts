import type { Server } from 'node:http';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { API_PREFIX, API_PREFIX_EXCLUDES, jsonTimeReplacer, PlatformConfig } from '@app/core';
import { AppModule } from './app.module';
import { ConnectionGate } from './connection-gate';
import { createOpenApiDocument } from './openapi';
import { serveWebPortal } from './web-portal';

/**
 * Builds the API application (not yet listening): used by main.ts and by the end-to-end tests. It logs JSON
 * lines through pino at config.log.level (silent under NODE_ENV=test unless LOG_LEVEL says otherwise).
 */
export async function createApiApp(config: PlatformConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: true,
    rawBody: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  // every instant in an answer in Asia/Shanghai with its offset (libs/core/src/http/json-time.ts)
  app.set('json replacer', jsonTimeReplacer);
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  // Node cuts off any request not received whole within 300 s: a bid sent over a slow line, or waiting its turn in
  // the upload budget near 截止, would be lost. The headers still have to arrive within Node's 60 s.
  (app.getHttpServer() as Server).requestTimeout = config.requestTimeoutSeconds * 1000;
  // A rush of uploads at 截止 holds the memory of HTTP_ACTIVE_CONNECTIONS connections; the rest wait unread (connection-gate.ts).
  new ConnectionGate(app.getHttpServer() as Server, config.activeConnections);
  // Every API route lives under /api so that the web portal owns / (operators keep /health, /metrics, /files).
  app.setGlobalPrefix(API_PREFIX, { exclude: API_PREFIX_EXCLUDES });
  // the web portal at / (apps/web, built into dist/web); registered before the routes so that / is the portal
  serveWebPortal(app);
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'api/docs/openapi.json',
    swaggerOptions: { persistAuthorization: true },
  });
  return app;
}
