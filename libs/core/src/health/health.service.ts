import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type HealthCheck = () => Promise<void>;

/** Modules register the checks of what they depend on (database always; Redis, object store when configured). */
@Injectable()
export class HealthService {
  private readonly checks = new Map<string, HealthCheck>();

  constructor(dataSource: DataSource) {
    this.register('database', async () => {
      await dataSource.query('SELECT 1');
    });
  }

  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  async run(timeoutMs = 3000): Promise<{ status: 'ok' | 'error'; checks: Record<string, { status: 'up' | 'down'; error?: string }> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => {
        try {
          await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
          return [name, { status: 'up' as const }] as const;
        } catch (e) {
          return [name, { status: 'down' as const, error: e instanceof Error ? e.message.slice(0, 200) : 'failed' }] as const;
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { status: entries.every(([, v]) => v.status === 'up') ? 'ok' : 'error', checks };
  }
}
