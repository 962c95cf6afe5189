import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_PREFIX, API_PREFIX_EXCLUDES, PlatformConfig, ProblemDetailsDto } from '@app/core';
import { AppModule } from './app.module';

/** The OpenAPI document's title, description and security scheme: the same for /api/docs and `npm run api:types`. */
export function openApiInfo(): Omit<OpenAPIObject, 'paths'> {
  return new DocumentBuilder()
    .setTitle('公共资源电子招投标交易平台 API')
    .setDescription(
      'Public-resource e-tendering platform. Log in with POST /api/auth/login, then press Authorize and paste the accessToken. ' +
        'Errors are application/problem+json (the ProblemDetails schema) with a stable code and a message in Chinese and English.',
    )
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
}

/** The document of an application built by createApiApp (served at /api/docs/openapi.json). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(app, openApiInfo(), { extraModels: [ProblemDetailsDto] });
}

/**
 * The OpenAPI document without starting anything: Nest's preview mode registers the modules and controllers
 * but instantiates no provider (no database, queue or object store is opened), which is all the document needs.
 */
export async function buildOpenApiDocument(config: PlatformConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  try {
    app.setGlobalPrefix(API_PREFIX, { exclude: API_PREFIX_EXCLUDES });
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
