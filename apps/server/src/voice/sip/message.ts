/**
 * SIP messages (RFC 3261) as plain data: parsed from and serialised to the text a UDP datagram carries.
 * Only what a trunk-facing user agent needs: start line, headers (compact forms expanded, order and
 * repeats kept), body. No multipart bodies, no header folding beyond joining continuation lines.
 */

export interface SipRequest {
  kind: "request";
  method: string;
  uri: string;
  headers: Array<[string, string]>;
  body: string;
}

export interface SipResponse {
  kind: "response";
  status: number;
  reason: string;
  headers: Array<[string, string]>;
  body: string;
}

export type SipMessage = SipRequest | SipResponse;

const COMPACT: Record<string, string> = { v: "via", f: "from", t: "to", i: "call-id", m: "contact", l: "content-length", c: "content-type", k: "supported", s: "subject", e: "content-encoding" };

/** Canonical spelling for the headers we write; anything else keeps its lower-case name. */
const CANONICAL: Record<string, string> = {
  via: "Via",
  from: "From",
  to: "To",
  "call-id": "Call-ID",
  cseq: "CSeq",
  contact: "Contact",
  "content-type": "Content-Type",
  "content-length": "Content-Length",
  "max-forwards": "Max-Forwards",
  "record-route": "Record-Route",
  route: "Route",
  allow: "Allow",
  accept: "Accept",
  supported: "Supported",
  "user-agent": "User-Agent",
  server: "Server",
  "www-authenticate": "WWW-Authenticate",
  authorization: "Authorization",
  "proxy-authenticate": "Proxy-Authenticate",
  "proxy-authorization": "Proxy-Authorization",
};

export function parseSip(text: string): SipMessage | null {
  const split = text.indexOf("\r\n\r\n");
  const head = split >= 0 ? text.slice(0, split) : text;
  const rawBody = split >= 0 ? text.slice(split + 4) : "";
  const lines = head.split(/\r?\n/);
  const start = lines.shift();
  if (!start) return null;
  const headers: Array<[string, string]> = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1]![1] += " " + line.trim();
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    headers.push([COMPACT[raw] ?? raw, line.slice(colon + 1).trim()]);
  }
  const lengthHeader = headers.find(([n]) => n === "content-length")?.[1];
  const body = lengthHeader !== undefined ? Buffer.from(rawBody).subarray(0, Number(lengthHeader)).toString() : rawBody;
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(start);
  if (response) return { kind: "response", status: Number(response[1]), reason: response[2] ?? "", headers, body };
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(start);
  if (request) return { kind: "request", method: request[1]!, uri: request[2]!, headers, body };
  return null;
}

export function serialiseSip(message: SipMessage): string {
  const start = message.kind === "request" ? `${message.method} ${message.uri} SIP/2.0` : `SIP/2.0 ${message.status} ${message.reason}`;
  const headers = message.headers.filter(([n]) => n !== "content-length");
  const lines = headers.map(([n, v]) => `${CANONICAL[n] ?? n}: ${v}`);
  lines.push(`Content-Length: ${Buffer.byteLength(message.body)}`);
  return `${start}\r\n${lines.join("\r\n")}\r\n\r\n${message.body}`;
}

export function header(message: SipMessage, name: string): string | undefined {
  return message.headers.find(([n]) => n === name)?.[1];
}

export function headersNamed(message: SipMessage, name: string): string[] {
  // A header may carry several comma-separated values (Via, Record-Route); split outside <> and quotes.
  return message.headers.filter(([n]) => n === name).flatMap(([, v]) => splitList(v));
}

function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === "<") depth++;
    if (!quoted && ch === ">") depth--;
    if (ch === "," && depth === 0 && !quoted) {
      out.push(current.trim());
      current = "";
    } else current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** The `tag` parameter of a From/To value. */
export function tagOf(value: string | undefined): string | null {
  if (!value) return null;
  const afterUri = value.includes(">") ? value.slice(value.indexOf(">")) : value;
  return /;\s*tag=([^;\s]+)/i.exec(afterUri)?.[1] ?? null;
}

/** The URI inside a name-addr (`"Bob" <sip:bob@host>;tag=x`) or an addr-spec. */
export function uriOf(value: string): string {
  const angled = /<([^>]*)>/.exec(value);
  if (angled) return angled[1]!;
  return value.split(";")[0]!.trim();
}

/** The user part of a SIP URI: `sip:+97235551234@host;user=phone` → `+97235551234`. */
export function userOf(uri: string): string {
  const m = /^sips?:([^@;]+)@/i.exec(uri);
  return m ? decodeURIComponent(m[1]!) : "";
}

export function cseqOf(message: SipMessage): { seq: number; method: string } {
  const [seq, method] = (header(message, "cseq") ?? "0 UNKNOWN").split(/\s+/);
  return { seq: Number(seq), method: method ?? "UNKNOWN" };
}

export function branchOf(via: string | undefined): string | null {
  return via ? (/;\s*branch=([^;\s]+)/i.exec(via)?.[1] ?? null) : null;
}

export function randomToken(bytes = 8): string {
  let out = "";
  for (let i = 0; i < bytes; i++) out += Math.floor(Math.random() * 256).toString(16).padStart(2, "0");
  return out;
}

/** A response to `request` with its Via, From, To, Call-ID and CSeq copied (To gets `toTag` if it has none). */
export function responseTo(request: SipRequest, status: number, reason: string, options: { toTag?: string; headers?: Array<[string, string]>; body?: string } = {}): SipResponse {
  const copied: Array<[string, string]> = [];
  for (const [n, v] of request.headers) {
    if (n === "via" || n === "from" || n === "call-id" || n === "cseq" || (status >= 200 && status < 300 && n === "record-route")) copied.push([n, v]);
    if (n === "to") copied.push([n, options.toTag && !tagOf(v) ? `${v};tag=${options.toTag}` : v]);
  }
  return { kind: "response", status, reason, headers: [...copied, ...(options.headers ?? [])], body: options.body ?? "" };
}
