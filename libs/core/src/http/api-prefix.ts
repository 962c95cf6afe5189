import { RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces';

/** Every API route is served under this prefix; the web portal owns the rest of the site. */
export const API_PREFIX = 'api';

/**
 * Routes that stay where operators and links expect them: the health probes, the Prometheus scrape and the
 * signed download links of the local object store.
 */
export const API_PREFIX_EXCLUDES: RouteInfo[] = [
  { path: 'health', method: RequestMethod.GET },
  { path: 'health/{*probe}', method: RequestMethod.GET },
  { path: 'metrics', method: RequestMethod.GET },
  { path: 'files/{*key}', method: RequestMethod.GET },
];
