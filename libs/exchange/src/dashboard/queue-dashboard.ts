import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { PLATFORM_CONFIG, PlatformConfig } from '@app/core';
import { PROVINCIAL_PUSH_QUEUE } from '../queue/push-queue.constants';
import { DASHBOARD_COOKIE, DASHBOARD_PATH, readCookie, verifyDashboardSession } from './dashboard-cookie';

/**
 * bull-board on /api/admin/queues (only when the queue is BullMQ on Redis), behind the dashboard session cookie
 * that POST /api/admin/exchange/dashboard-session gives an administrator.
 */
@Injectable()
export class QueueDashboard implements OnModuleInit {
  private readonly logger = new Logger('QueueDashboard');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(getQueueToken(PROVINCIAL_PUSH_QUEUE)) private readonly queue: Queue,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http || http.getType() !== 'express') return;
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(this.queue)],
      serverAdapter,
      options: { uiConfig: { boardTitle: '省平台推送队列' } },
    });
    const secret = this.config.jwt.secret;
    const guard = (req: Request, res: Response, next: NextFunction) => {
      if (verifyDashboardSession(secret, readCookie(req.headers.cookie, DASHBOARD_COOKIE), Date.now())) return next();
      res
        .status(401)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: 'about:blank',
            title: 'Unauthorized',
            status: 401,
            code: 'DASHBOARD_SESSION_REQUIRED',
            detail: 'Call POST /api/admin/exchange/dashboard-session as an administrator first, then open the queue dashboard',
            message: {
              zh: '请先以管理员身份调用 POST /api/admin/exchange/dashboard-session，再打开队列面板',
              en: 'Call POST /api/admin/exchange/dashboard-session as an administrator first, then open the queue dashboard',
            },
          }),
        );
    };
    http.getInstance().use(DASHBOARD_PATH, guard, serverAdapter.getRouter());
    this.logger.log(`queue dashboard on ${DASHBOARD_PATH} (administrators: POST /api/admin/exchange/dashboard-session first)`);
  }
}
