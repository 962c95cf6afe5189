import { createServer, Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { HealthService } from '@app/core';

/**
 * The worker has no HTTP API. For an orchestrator's liveness probe it can answer `GET /health` on a port of
 * its own (WORKER_HEALTH_PORT), with the same checks as the API's /health (database, Redis).
 */
export function startWorkerHealth(app: INestApplicationContext, port: number, host = '0.0.0.0'): Promise<Server> {
  const health = app.get(HealthService);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    health.run().then(
      (r) => {
        res.writeHead(r.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(r));
      },
      () => res.writeHead(503).end(),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
