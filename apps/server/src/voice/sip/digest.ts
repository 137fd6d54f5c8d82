import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * HTTP Digest authentication as SIP uses it (RFC 3261 §22, RFC 2617/7616): MD5 with qop=auth, and the
 * RFC 2069 form without qop for peers that do not offer it. Nonces are stateless: a timestamp signed with a
 * per-process secret, good for five minutes, so a challenge needs no table and survives retransmissions.
 */

export interface Credentials {
  user: string;
  password: string;
}

const NONCE_LIFETIME_MS = 5 * 60_000;
const md5 = (text: string) => createHash("md5").update(text).digest("hex");

/** The parameters of a `Digest k=v, k="v"` header value; null when it is not a Digest one. */
export function parseDigest(value: string | undefined): Record<string, string> | null {
  if (!value || !/^\s*digest\s/i.test(value)) return null;
  const params: Record<string, string> = {};
  const re = /([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/gi;
  const rest = value.replace(/^\s*digest\s+/i, "");
  for (let m = re.exec(rest); m; m = re.exec(rest)) params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3]!;
  return params;
}

function responseOf(p: { user: string; password: string; realm: string; method: string; uri: string; nonce: string; qop?: string; nc?: string; cnonce?: string }): string {
  const ha1 = md5(`${p.user}:${p.realm}:${p.password}`);
  const ha2 = md5(`${p.method}:${p.uri}`);
  return p.qop ? md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`) : md5(`${ha1}:${p.nonce}:${ha2}`);
}

/** Our side of a challenge: issues nonces and checks the answers a peer sends with its request. */
export class DigestChallenger {
  constructor(private readonly secret: Buffer = randomBytes(32)) {}

  /** The WWW-Authenticate value of a 401 (`stale` when the peer's nonce only expired). */
  challenge(realm: string, stale = false, now = Date.now()): string {
    return `Digest realm="${realm}", nonce="${this.nonce(now)}", algorithm=MD5, qop="auth"${stale ? ", stale=TRUE" : ""}`;
  }

  /**
   * Checks a request's Authorization (or Proxy-Authorization) value: `missing` (challenge it), `stale`
   * (challenge again, stale=TRUE), `wrong` (refuse with 403) or `ok`.
   */
  verify(authorization: string | undefined, method: string, realm: string, expected: Credentials, now = Date.now()): "ok" | "missing" | "stale" | "wrong" {
    const p = parseDigest(authorization);
    if (!p || p.realm !== realm || !p.nonce || !p.response || !p.uri) return "missing";
    if ((p.algorithm ?? "MD5").toUpperCase() !== "MD5") return "missing";
    const issued = this.nonceTime(p.nonce);
    if (issued === null) return "missing";
    if (p.username !== expected.user) return "wrong";
    if (p.qop !== undefined && (p.qop !== "auth" || !p.nc || !p.cnonce)) return "wrong";
    const want = responseOf({ ...expected, realm, method, uri: p.uri, nonce: p.nonce, qop: p.qop, nc: p.nc, cnonce: p.cnonce });
    if (!equal(want, p.response.toLowerCase())) return "wrong";
    return now - issued > NONCE_LIFETIME_MS ? "stale" : "ok";
  }

  private nonce(now: number): string {
    const stamp = now.toString(36);
    return `${stamp}.${this.sign(stamp)}`;
  }

  private nonceTime(nonce: string): number | null {
    const [stamp, signature] = nonce.split(".");
    if (!stamp || !signature || !equal(this.sign(stamp), signature)) return null;
    const t = parseInt(stamp, 36);
    return Number.isFinite(t) ? t : null;
  }

  private sign(stamp: string): string {
    return createHmac("sha256", this.secret).update(stamp).digest("base64url").slice(0, 22);
  }
}

/**
 * Our answer to a peer's challenge (the value of Authorization for a 401, Proxy-Authorization for a 407),
 * or null when the challenge is not one we can answer (not Digest, not MD5, a qop other than auth).
 */
export function answerChallenge(challenge: string | undefined, credentials: Credentials, method: string, uri: string, cnonce = randomBytes(8).toString("hex")): string | null {
  const c = parseDigest(challenge);
  if (!c || c.realm === undefined || !c.nonce) return null;
  if ((c.algorithm ?? "MD5").toUpperCase() !== "MD5") return null;
  const qops = c.qop ? c.qop.split(",").map((q) => q.trim()) : [];
  if (qops.length && !qops.includes("auth")) return null;
  const qop = qops.length ? "auth" : undefined;
  const nc = "00000001";
  const response = responseOf({ ...credentials, realm: c.realm, method, uri, nonce: c.nonce, qop, nc, cnonce });
  const parts = [`username="${credentials.user}"`, `realm="${c.realm}"`, `nonce="${c.nonce}"`, `uri="${uri}"`, `response="${response}"`, "algorithm=MD5"];
  if (qop) parts.push(`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`);
  if (c.opaque !== undefined) parts.push(`opaque="${c.opaque}"`);
  return `Digest ${parts.join(", ")}`;
}

function equal(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
