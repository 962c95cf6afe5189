import { Injectable } from '@nestjs/common';

/**
 * A periodic pass over the database that enforces time limits: opening sections at 截止, ending publicity
 * periods, flagging overdue contracts and cases, reconciling with the province. A pass reads its state from
 * the database and is idempotent (it claims what is due with a conditional update or a lock), so a pass that
 * runs twice, late, or on two workers at once changes nothing twice.
 */
export interface PeriodicTask {
  /** Stable and unique, e.g. `bids.deadlines`: the BullMQ job scheduler's id on Redis. */
  readonly name: string;
  /** How often the pass runs. */
  readonly everyMs: number;
  run(): Promise<unknown>;
}

/**
 * Where modules declare their periodic tasks (in `onModuleInit`). Declaring runs nothing: the one scheduler
 * (`SchedulerModule`: BullMQ job schedulers on Redis, or timers in this process on the embedded default) runs
 * the declared tasks where it is imported: in the worker, or in the api on the embedded default.
 */
@Injectable()
export class ScheduleRegistry {
  private readonly tasks = new Map<string, PeriodicTask>();

  register(task: PeriodicTask): void {
    if (this.tasks.has(task.name)) throw new Error(`periodic task ${task.name} is declared twice`);
    if (!(task.everyMs > 0)) throw new Error(`periodic task ${task.name}: everyMs must be positive`);
    this.tasks.set(task.name, task);
  }

  get(name: string): PeriodicTask | undefined {
    return this.tasks.get(name);
  }

  list(): PeriodicTask[] {
    return [...this.tasks.values()];
  }
}
