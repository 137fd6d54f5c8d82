import type { RoutingHost } from "../routing/host";
import { AppError, notFound } from "../core/errors";
import type { Call } from "./call";
import { BrowserLeg } from "./webrtc";

/**
 * The agent's side of a call from the desktop: the softphone joining it, hold and the keys the agent presses.
 * Each acts only on a call connected to that agent.
 */
export class Softphones {
  constructor(
    private readonly options: {
      routing: RoutingHost;
      mediaAddress: string;
      /** The gateway's call of a contact. */
      callOf(interactionId: string): Call | undefined;
      /** What a caller on hold hears. */
      holdMusic(call: Call): Int16Array;
    },
  ) {}

  /** The agent's softphone joins the call: its offer answered, its audio bridged to the trunk's RTP. */
  async connect(interactionId: string, userId: string, offerSdp: string): Promise<string> {
    const call = this.agentCall(interactionId, userId);
    const { leg, sdp } = await BrowserLeg.answer(offerSdp, { hostAddresses: [this.options.mediaAddress], direction: "sendrecv" });
    if (call.ended) {
      leg.close();
      throw notFound("call");
    }
    call.agent?.close();
    call.agent = leg;
    leg.onFrame = (payload) => call.fromAgent(payload);
    leg.onClose = () => {
      if (call.agent === leg) call.agent = null;
    };
    return sdp;
  }

  /**
   * Hold: the caller hears music, the agent hears nothing; resume reconnects them. Routing records it
   * (interaction.held / interaction.resumed) first, so the reports' hold time is what the caller heard.
   */
  async hold(interactionId: string, userId: string, held: boolean): Promise<void> {
    const call = this.agentCall(interactionId, userId);
    if (call.held === held) return;
    await this.options.routing.submit({ type: "hold", interactionId, agentId: userId, held });
    call.held = held;
    call.leg.bridged = !held;
    if (held) void call.leg.play(this.options.holdMusic(call), { loop: true });
    else call.leg.stopPlayback();
  }

  /** Keys the agent presses (an extension, a menu of the far end), sent to the caller's side as RFC 4733 events. */
  sendDigits(interactionId: string, userId: string, digits: string): void {
    const call = this.agentCall(interactionId, userId);
    for (const d of digits) call.leg.sendDigit(d);
  }

  /** The call an agent is connected to, or a 404/409 the desktop can show. */
  private agentCall(interactionId: string, userId: string): Call {
    const call = this.options.callOf(interactionId);
    if (!call || call.ended) throw notFound("call");
    if (call.state !== "connected" || call.agentId !== userId) throw new AppError("not_your_call", 409, "This call is not connected to you");
    return call;
  }
}
