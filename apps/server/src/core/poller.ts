import type { FastifyBaseLogger } from "fastify";

/**
 * Runs `pass` every `pollMs` until stopped, one pass at a time; a failing pass is logged and the next one
 * still comes. The background workers (outbox, on-call dispatch, callbacks) keep their due times in the
 * database, so a poller is all the scheduling they need.
 */
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly name: string,
    private readonly pass: () => Promise<unknown>,
    private readonly log: FastifyBaseLogger,
    private readonly pollMs = 1_000,
  ) {}

  start(): void {
    const tick = async () => {
      if (this.stopped) return;
      this.running = this.pass().catch((err: unknown) => this.log.error({ err }, `${this.name} failed`));
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, this.pollMs).unref();
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  /** Stops polling and waits for a pass in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
