import { Injectable, OnApplicationBootstrap } from '@nestjs/common';

/**
 * Whether start-up has finished. Migrations run before the application bootstraps; whatever start-up still
 * does after that (the demo seed) holds readiness until it releases it, so a load balancer, a script or a person
 * never meets a platform half set up.
 */
@Injectable()
export class ReadinessService implements OnApplicationBootstrap {
  private bootstrapped = false;
  private readonly holds = new Set<string>();

  onApplicationBootstrap(): void {
    this.bootstrapped = true;
  }

  /** Keeps the platform not ready until the returned function is called. */
  hold(what: string): () => void {
    this.holds.add(what);
    return () => {
      this.holds.delete(what);
    };
  }

  get ready(): boolean {
    return this.bootstrapped && this.holds.size === 0;
  }

  /** What start-up is still doing (empty when ready). */
  get pending(): string[] {
    return [...(this.bootstrapped ? [] : ['bootstrap']), ...this.holds];
  }
}
