import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/** Paths the portal never answers: the API, the operators' routes, the signed file links. */
const NOT_PORTAL = /^\/(api|health|metrics|files)(\/|$)/;

/** dist/web beside the repository's package.json, from the source (ts-node) or the build (dist/apps/api/…). */
export function findWebRoot(from = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const web = join(dir, 'dist', 'web');
      return existsSync(join(web, 'index.html')) ? web : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Serves the built web portal (apps/web → dist/web, `npm run build:web`) at /: hashed assets cached for a year,
 * every other GET that asks for HTML answered with index.html (history fallback, never cached) so that each
 * page opens directly from a link. The API keeps /api; /health, /metrics and /files stay where they are.
 */
export function serveWebPortal(app: NestExpressApplication, root: string | null = findWebRoot()): void {
  if (!root) {
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || req.path !== '/') return next();
      res.type('text/plain; charset=utf-8').send('门户尚未构建 / the web portal is not built: run `npm run build:web` (npm start does it).\nAPI: /api/docs\n');
    });
    return;
  }
  app.useStaticAssets(join(root, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', index: false });
  const index = join(root, 'index.html');
  app.use((req: Request, res: Response, next: NextFunction) => {
    // a file that is not there (/favicon.ico, an old asset) is a 404, not the portal's page
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_PORTAL.test(req.path) || extname(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
