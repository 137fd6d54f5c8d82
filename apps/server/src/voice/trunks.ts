import { parseDigest, type Credentials, type DigestChallenger } from "./sip/digest";
import type { Peer, SipTransport } from "./sip/endpoint";
import { header, type SipRequest } from "./sip/message";

/**
 * A client line's SIP trunk, from `VOICE_TRUNKS`: where outbound calls go and over which transport, the
 * account we answer the provider's digest challenges with, and the credentials the trunk must present
 * on its own INVITEs to the line (we challenge them when set).
 */
export interface Trunk {
  peer: Peer & { transport: SipTransport };
  /** Our account at the provider: answers its 401/407 challenges to our INVITEs. */
  outbound: Credentials | null;
  /** What callers on this line's numbers must authenticate with (digest, challenged with 401). */
  inbound: Credentials | null;
  /** The realm of our challenges. */
  realm: string;
}

const PARAMS = new Set(["transport", "user", "password", "inbound_user", "inbound_password", "realm"]);

/**
 * Parses `slug=host:port[;transport=udp|tcp][;user=U;password=P][;inbound_user=U;inbound_password=P][;realm=R]`,
 * comma-separated (values percent-encoded when they hold `,;=%`). Throws with a message naming the fault
 * (never the password).
 */
export function parseTrunks(spec: string | undefined): Record<string, Trunk> {
  const trunks: Record<string, Trunk> = {};
  for (const [i, entry] of (spec ?? "").split(",").map((e) => e.trim()).filter(Boolean).entries()) {
    const m = /^([a-z0-9-]+)=(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})((?:;[^;]*)*)$/.exec(entry);
    // The entry itself is not quoted back: a password with a bare comma would be split into it.
    if (!m) throw new Error(`trunk ${i + 1}: expected line-slug=host:port[;param=value…] (an IPv4 address)`);
    const [, slug, address, port, rest] = m;
    const params: Record<string, string> = {};
    for (const part of rest!.split(";").filter(Boolean)) {
      const eq = part.indexOf("=");
      const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
      if (!PARAMS.has(name)) throw new Error(`${slug}: unknown trunk parameter "${name}" (known: ${[...PARAMS].join(", ")})`);
      params[name] = decodeURIComponent(eq < 0 ? "" : part.slice(eq + 1).trim());
    }
    const transport = (params.transport ?? "udp").toLowerCase();
    if (transport !== "udp" && transport !== "tcp") throw new Error(`${slug}: transport must be udp or tcp`);
    const pair = (user: string, password: string): Credentials | null => {
      if (params[user] === undefined && params[password] === undefined) return null;
      if (!params[user] || !params[password]) throw new Error(`${slug}: ${user} and ${password} go together`);
      return { user: params[user]!, password: params[password]! };
    };
    trunks[slug!] = {
      peer: { address: address!, port: Number(port), transport },
      outbound: pair("user", "password"),
      inbound: pair("inbound_user", "inbound_password"),
      realm: params.realm || "moked",
    };
  }
  return trunks;
}

export interface Refusal {
  status: 401 | 403;
  reason: string;
  headers: Array<[string, string]>;
  /** The user name the caller tried (for the log; never the password). */
  user: string | null;
}

/**
 * Whether an INVITE to a line may go on: lines whose trunk names inbound credentials challenge callers
 * without a valid digest (401 with a fresh nonce, again with stale=TRUE when theirs expired) and refuse
 * wrong credentials (403). Null: go on.
 */
export function inboundAuthentication(trunk: Trunk | undefined, request: SipRequest, challenger: DigestChallenger): Refusal | null {
  if (!trunk?.inbound) return null;
  const authorization = header(request, "authorization") ?? header(request, "proxy-authorization");
  const verdict = challenger.verify(authorization, request.method, trunk.realm, trunk.inbound);
  if (verdict === "ok") return null;
  if (verdict === "wrong") return { status: 403, reason: "Forbidden", headers: [], user: parseDigest(authorization)?.username ?? null };
  return { status: 401, reason: "Unauthorized", headers: [["www-authenticate", challenger.challenge(trunk.realm, verdict === "stale")]], user: null };
}
