/**
 * One 20 ms clock for every call's outgoing audio in this process. Each tick asks every registered sender
 * for its next frame; when the event loop was late, the missed ticks are caught up (at most 5) so the RTP
 * timestamps and the wall clock stay together.
 */
export class MediaClock {
  private readonly senders = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private started = 0n;
  private ticks = 0n;

  add(sender: () => void): () => void {
    this.senders.add(sender);
    if (!this.timer) this.start();
    return () => {
      this.senders.delete(sender);
      if (this.senders.size === 0) this.stop();
    };
  }

  private start(): void {
    this.started = process.hrtime.bigint();
    this.ticks = 0n;
    this.timer = setInterval(() => this.run(), 10);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private run(): void {
    const due = (process.hrtime.bigint() - this.started) / 20_000_000n;
    let missed = due - this.ticks;
    if (missed > 5n) {
      this.ticks = due - 5n;
      missed = 5n;
    }
    for (; missed > 0n; missed--) {
      this.ticks++;
      for (const send of this.senders) send();
    }
  }
}

export const mediaClock = new MediaClock();
