import { randomUUID } from "node:crypto";
import { notFound } from "../core/errors";
import type { Call } from "./call";
import { BrowserLeg } from "./webrtc";

/**
 * A supervisor listens in silence: two receive-only streams, the caller and the agent. The listener's id
 * lets the page stop at once (a closed browser connection is otherwise noticed only when the call ends).
 */
export class SilentListening {
  /** Silent listeners by id, for stopping one. */
  private readonly listening = new Map<string, { call: Call; leg: BrowserLeg }>();

  constructor(private readonly options: { mediaAddress: string; callOf(interactionId: string): Call | undefined }) {}

  async listen(interactionId: string, offerSdp: string, canSee: (tenantId: string) => boolean): Promise<{ sdp: string; listenerId: string; tenantId: string }> {
    const call = this.options.callOf(interactionId);
    if (!call || call.ended || !canSee(call.tenantId)) throw notFound("call");
    const { leg, sdp } = await BrowserLeg.answer(offerSdp, { hostAddresses: [this.options.mediaAddress], direction: "sendonly" });
    const listenerId = randomUUID();
    call.listeners.add(leg);
    this.listening.set(listenerId, { call, leg });
    leg.onClose = () => {
      call.listeners.delete(leg);
      this.listening.delete(listenerId);
    };
    call.whenEnded(() => leg.close());
    return { sdp, listenerId, tenantId: call.tenantId };
  }

  /** Ends one silent listener of a call (the page's Stop). */
  stop(interactionId: string, listenerId: string, canSee: (tenantId: string) => boolean): void {
    const found = this.listening.get(listenerId);
    if (!found || found.call.interactionId !== interactionId || !canSee(found.call.tenantId)) throw notFound("listener");
    found.leg.close();
  }
}
