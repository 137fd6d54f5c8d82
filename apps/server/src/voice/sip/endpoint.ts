import { createSocket, type Socket } from "node:dgram";
import { createServer, connect, type Server, type Socket as TcpSocket } from "node:net";
import { branchOf, cseqOf, header, parseSip, randomToken, serialiseSip, type SipMessage, type SipRequest, type SipResponse } from "./message";
import { SipStreamFramer } from "./stream";

export type SipTransport = "udp" | "tcp";

export interface Peer {
  address: string;
  port: number;
  /** UDP when absent. Over TCP a peer is one connection: requests from it are answered on it. */
  transport?: SipTransport;
}

const peerKey = (peer: Peer) => `${peer.address}:${peer.port}`;
const reliable = (peer: Peer) => peer.transport === "tcp";

const T1 = 500;
const T2 = 4_000;
const TRANSACTION_LIFETIME = 64 * T1;

interface ServerTransaction {
  response: SipResponse | null;
  timer: NodeJS.Timeout | null;
  expires: NodeJS.Timeout;
}

interface ClientTransaction {
  resolve(response: SipResponse | null): void;
  onProvisional?: ((response: SipResponse) => void) | undefined;
  request: SipRequest;
  peer: Peer;
  timer: NodeJS.Timeout | null;
  deadline: NodeJS.Timeout;
}

/**
 * The SIP transport and transaction layer over UDP and TCP on one port (RFC 3261 §17, §18), small on
 * purpose: server transactions absorb retransmitted requests by resending their last response; over UDP,
 * final responses to INVITE are resent until the ACK (2xx: timer G doubling to T2, matched by Call-ID and
 * CSeq; others: by branch) and client requests are resent until a final response or 32 s. Over TCP nothing
 * is resent (the stream is reliable), responses go back on the request's connection, and a connection to a
 * peer is reused for every request to it. Requests (and connections) from addresses outside the allow-list
 * never reach the handler (a trunk-facing port is scanned for toll fraud within minutes of going up).
 */
export class SipEndpoint {
  private socket: Socket;
  private readonly tcp: Server;
  /** Open TCP connections by the peer's "address:port" (accepted ones by their source port). */
  private readonly connections = new Map<string, TcpSocket>();
  private readonly server = new Map<string, ServerTransaction>();
  private readonly client = new Map<string, ClientTransaction>();
  private readonly awaitingAck = new Map<string, NodeJS.Timeout>();
  /** ACKs we sent for non-2xx finals to our INVITEs, by branch: resent if the final is retransmitted. */
  private readonly sentAcks = new Map<string, { ack: SipRequest; peer: Peer; expires: NodeJS.Timeout }>();
  private onRequest: (request: SipRequest, peer: Peer) => void = () => {};
  private closed = false;
  port = 0;

  constructor(
    private readonly options: { host: string; allow: (address: string) => boolean; advertisedHost: string; onError?: (err: Error) => void },
  ) {
    this.socket = this.newUdpSocket();
    this.tcp = createServer((conn) => {
      const address = (conn.remoteAddress ?? "").replace(/^::ffff:/, "");
      if (!this.options.allow(address) || this.closed) return void conn.destroy();
      this.adopt(conn, { address, port: conn.remotePort ?? 0, transport: "tcp" });
    });
    this.tcp.on("error", (err) => options.onError?.(err));
  }

  /** Listens on `port` for UDP and TCP alike (0: a port free for both). */
  async listen(port: number): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      await new Promise<void>((resolve, reject) => {
        this.socket.once("error", reject);
        this.socket.bind(port, this.options.host, () => {
          this.socket.off("error", reject);
          resolve();
        });
      });
      this.port = this.socket.address().port;
      try {
        await new Promise<void>((resolve, reject) => {
          this.tcp.once("error", reject);
          this.tcp.listen(this.port, this.options.host, () => {
            this.tcp.off("error", reject);
            resolve();
          });
        });
        return this.port;
      } catch (err) {
        // The UDP port we were given is taken for TCP: with a chosen port that is an error, with 0 try another.
        if (port !== 0 || attempt >= 10) throw err;
        await new Promise<void>((resolve) => this.socket.close(() => resolve()));
        this.socket = this.newUdpSocket();
      }
    }
  }

  private newUdpSocket(): Socket {
    const socket = createSocket({ type: "udp4", reuseAddr: false });
    socket.on("message", (buf, rinfo) => {
      if (this.options.allow(rinfo.address)) this.receive(buf.toString("utf8"), { address: rinfo.address, port: rinfo.port });
    });
    socket.on("error", (err) => this.options.onError?.(err));
    return socket;
  }

  handle(handler: (request: SipRequest, peer: Peer) => void): void {
    this.onRequest = handler;
  }

  /** Our Via for a new client transaction towards a peer on `transport`. */
  via(transport: SipTransport = "udp", branch = `z9hG4bK${randomToken()}`): string {
    return `SIP/2.0/${transport.toUpperCase()} ${this.options.advertisedHost}:${this.port};branch=${branch};rport`;
  }

  contact(user = "moked", transport: SipTransport = "udp"): string {
    return `<sip:${user}@${this.options.advertisedHost}:${this.port}${transport === "tcp" ? ";transport=tcp" : ""}>`;
  }

  /** Sends a response within the request's server transaction (remembered for retransmissions). */
  respond(request: SipRequest, response: SipResponse, peer: Peer): void {
    const key = serverKey(request);
    const tx = this.server.get(key);
    if (tx) tx.response = response;
    this.send(response, peer);
    if (request.method !== "INVITE" || response.status < 200) return;
    if (response.status < 300) {
      if (reliable(peer)) return;
      // 2xx: resent until the ACK (a new transaction, matched by dialog and CSeq).
      const ackKey = `${header(request, "call-id")} ${cseqOf(request).seq}`;
      this.retransmit(ackKey, this.awaitingAck, () => this.send(response, peer));
    } else if (tx && !reliable(peer)) {
      let interval = T1;
      const again = () => {
        this.send(response, peer);
        interval = Math.min(interval * 2, T2);
        tx.timer = setTimeout(again, interval);
      };
      tx.timer = setTimeout(again, interval);
    }
  }

  /**
   * Sends a request as a client transaction; resolves with the final response, or null after 32 s. A
   * non-2xx final to an INVITE is acknowledged here (RFC 3261 §17.1.1.3); a 2xx is the dialog's to ACK.
   */
  request(request: SipRequest, peer: Peer, onProvisional?: (response: SipResponse) => void): Promise<SipResponse | null> {
    const branch = `${branchOf(header(request, "via")) ?? ""} ${request.method}`;
    if (request.method === "ACK") {
      this.send(request, peer);
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      let interval = T1;
      const tx: ClientTransaction = {
        resolve,
        onProvisional,
        request,
        peer,
        timer: null,
        deadline: setTimeout(() => this.finishClient(branch, null), TRANSACTION_LIFETIME),
      };
      const again = () => {
        this.send(request, peer);
        if (reliable(peer)) return;
        interval = Math.min(interval * 2, T2);
        tx.timer = setTimeout(again, interval);
      };
      this.client.set(branch, tx);
      again();
    });
  }

  send(message: SipMessage, peer: Peer): void {
    if (this.closed) return;
    const text = serialiseSip(message);
    if (!reliable(peer)) return void this.socket.send(text, peer.port, peer.address);
    // Over TCP: the peer's open connection (the one its request came on), else a new one to it.
    let conn = this.connections.get(peerKey(peer));
    if (!conn) {
      conn = connect({ host: peer.address, port: peer.port });
      this.adopt(conn, peer);
    }
    conn.write(text);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const tx of this.server.values()) {
      if (tx.timer) clearTimeout(tx.timer);
      clearTimeout(tx.expires);
    }
    for (const key of [...this.client.keys()]) this.finishClient(key, null);
    for (const t of this.awaitingAck.values()) clearTimeout(t);
    for (const a of this.sentAcks.values()) clearTimeout(a.expires);
    for (const conn of this.connections.values()) conn.destroy();
    await Promise.all([new Promise<void>((resolve) => this.socket.close(() => resolve())), new Promise<void>((resolve) => (this.tcp.listening ? this.tcp.close(() => resolve()) : resolve()))]);
  }

  /** A TCP connection (accepted or opened) joins the table; its bytes are framed into messages. */
  private adopt(conn: TcpSocket, peer: Peer): void {
    const key = peerKey(peer);
    this.connections.set(key, conn);
    const framer = new SipStreamFramer();
    conn.setNoDelay(true);
    conn.on("data", (chunk: Buffer) => {
      const { messages, pings } = framer.push(chunk);
      if (pings) conn.write("\r\n"); // RFC 5626 keep-alive: pong
      for (const text of messages) this.receive(text, peer);
      if (framer.overflowed) conn.destroy();
    });
    conn.on("error", (err) => {
      this.options.onError?.(Object.assign(err, { peer: key }));
      // A connection that failed fails the requests waiting on it now, not after 32 s.
      for (const [branch, tx] of this.client) if (reliable(tx.peer) && peerKey(tx.peer) === key) this.finishClient(branch, null);
    });
    conn.on("close", () => {
      if (this.connections.get(key) === conn) this.connections.delete(key);
    });
  }

  private receive(text: string, peer: Peer): void {
    const message = parseSip(text);
    if (!message) return;
    if (message.kind === "response") return this.receiveResponse(message);
    if (message.method === "ACK") {
      const key = `${header(message, "call-id")} ${cseqOf(message).seq}`;
      const timer = this.awaitingAck.get(key);
      if (timer) {
        clearTimeout(timer);
        this.awaitingAck.delete(key);
      }
      const tx = this.server.get(`${branchOf(header(message, "via"))} INVITE`);
      if (tx?.timer) {
        clearTimeout(tx.timer);
        tx.timer = null;
      }
      return this.onRequest(message, peer);
    }
    const key = serverKey(message);
    const existing = this.server.get(key);
    if (existing) {
      // A retransmission: the peer missed our answer (or we have not given it yet).
      if (existing.response) this.send(existing.response, peer);
      return;
    }
    const tx: ServerTransaction = { response: null, timer: null, expires: setTimeout(() => this.dropServer(key), TRANSACTION_LIFETIME) };
    this.server.set(key, tx);
    this.onRequest(message, peer);
  }

  private receiveResponse(response: SipResponse): void {
    const branch = `${branchOf(header(response, "via")) ?? ""} ${cseqOf(response).method}`;
    const tx = this.client.get(branch);
    if (!tx) {
      // A retransmitted non-2xx final to an INVITE of ours: our ACK was lost, send it again.
      const sent = response.status >= 300 ? this.sentAcks.get(branch) : undefined;
      if (sent) this.send(sent.ack, sent.peer);
      return;
    }
    if (response.status < 200) {
      // Provisional: stop resending (INVITE) or slow down to T2 (others); keep waiting for the final.
      if (tx.timer) clearTimeout(tx.timer);
      tx.timer = null;
      if (tx.request.method === "INVITE") {
        // Ringing: the callee has as long as the caller lets it ring (Timer C, 3 minutes); the caller CANCELs.
        clearTimeout(tx.deadline);
        tx.deadline = setTimeout(() => this.finishClient(branch, null), 180_000);
      }
      tx.onProvisional?.(response);
      return;
    }
    if (tx.request.method === "INVITE" && response.status >= 300) this.ackFailure(branch, tx, response);
    this.finishClient(branch, response);
  }

  /** The ACK of a non-2xx final: same branch, Call-ID, From and Request-URI as the INVITE, the final's To. */
  private ackFailure(key: string, tx: ClientTransaction, response: SipResponse): void {
    const { request, peer } = tx;
    const copy = (name: string) => request.headers.filter(([n]) => n === name);
    const ack: SipRequest = {
      kind: "request",
      method: "ACK",
      uri: request.uri,
      headers: [...copy("via"), ...copy("route"), ["max-forwards", "70"], ...copy("from"), ["to", header(response, "to") ?? header(request, "to") ?? ""], ...copy("call-id"), ["cseq", `${cseqOf(request).seq} ACK`]],
      body: "",
    };
    this.send(ack, peer);
    this.sentAcks.set(key, { ack, peer, expires: setTimeout(() => this.sentAcks.delete(key), TRANSACTION_LIFETIME) });
  }

  private finishClient(branch: string, response: SipResponse | null): void {
    const tx = this.client.get(branch);
    if (!tx) return;
    if (tx.timer) clearTimeout(tx.timer);
    clearTimeout(tx.deadline);
    this.client.delete(branch);
    tx.resolve(response);
  }

  private retransmit(key: string, table: Map<string, NodeJS.Timeout>, send: () => void): void {
    let interval = T1;
    let elapsed = 0;
    const again = () => {
      if (elapsed >= TRANSACTION_LIFETIME) return table.delete(key);
      send();
      elapsed += interval;
      interval = Math.min(interval * 2, T2);
      table.set(key, setTimeout(again, interval));
    };
    table.set(key, setTimeout(again, interval));
  }

  private dropServer(key: string): void {
    const tx = this.server.get(key);
    if (tx?.timer) clearTimeout(tx.timer);
    this.server.delete(key);
  }
}

function serverKey(request: SipRequest): string {
  // CANCEL shares the INVITE's branch; the method keeps them apart.
  return `${branchOf(header(request, "via")) ?? `${header(request, "call-id")}:${cseqOf(request).seq}`} ${request.method}`;
}

/** The trunk allow-list: exact IPv4 addresses and a.b.c.d/n ranges. */
export function allowList(spec: string[]): (address: string) => boolean {
  const rules = spec.map((entry) => {
    const [ip, bits] = entry.split("/");
    const mask = bits === undefined ? 0xffffffff : bits === "0" ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
    return { net: (ipv4(ip!) ?? 0) & mask, mask };
  });
  return (address) => {
    const a = ipv4(address.replace(/^::ffff:/, ""));
    if (a === null) return false;
    return rules.some((r) => ((a & r.mask) >>> 0) === r.net >>> 0);
  };
}

function ipv4(text: string): number | null {
  const parts = text.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}
