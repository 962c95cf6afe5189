import type { MinioObjectStoreOptions } from '../../libs/documents/src';

/** The S3 test server's settings: from the environment (set by `npm test`), or started here (scripts/services/s3.js). */
export interface S3Env {
  S3_ENDPOINT: string;
  S3_ACCESS_KEY: string;
  S3_SECRET_KEY: string;
  S3_REGION: string;
  S3_BUCKET: string;
}

export async function s3Env(): Promise<S3Env> {
  if (process.env.S3_ENDPOINT) {
    return {
      S3_ENDPOINT: process.env.S3_ENDPOINT,
      S3_ACCESS_KEY: process.env.S3_ACCESS_KEY ?? '',
      S3_SECRET_KEY: process.env.S3_SECRET_KEY ?? '',
      S3_REGION: process.env.S3_REGION || 'us-east-1',
      S3_BUCKET: process.env.S3_BUCKET || 'etender-test',
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../scripts/services/s3.js') as { ensure(): Promise<S3Env> }).ensure();
}

/** The MinIO adapter's options for the S3 test server (with `extra` changed, e.g. another bucket or part size). */
export function minioOptions(env: S3Env, extra: Partial<MinioObjectStoreOptions> = {}): MinioObjectStoreOptions {
  const url = new URL(env.S3_ENDPOINT);
  return {
    endPoint: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    useSSL: url.protocol === 'https:',
    accessKey: env.S3_ACCESS_KEY,
    secretKey: env.S3_SECRET_KEY,
    region: env.S3_REGION,
    bucket: env.S3_BUCKET,
    ...extra,
  };
}
