import { describe, expect, it } from "vitest";
import { answerChallenge, DigestChallenger, parseDigest } from "../src/voice/sip/digest";
import { SipStreamFramer } from "../src/voice/sip/stream";
import { parseTrunks } from "../src/voice/trunks";

describe("SIP digest authentication (MD5, qop=auth)", () => {
  it("computes RFC 2617's worked example (§3.5)", () => {
    const challenge = 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';
    const answer = answerChallenge(challenge, { user: "Mufasa", password: "Circle Of Life" }, "GET", "/dir/index.html", "0a4f113b");
    expect(parseDigest(answer!)).toMatchObject({ response: "6629fae49393a05397450978507c4ef1", qop: "auth", nc: "00000001", opaque: "5ccc069c403ebaf9f0171e9517f40e41" });
  });

  it("accepts the right answer to its own nonce, refuses a wrong password or user, re-challenges a forged or expired nonce", () => {
    const challenger = new DigestChallenger();
    const creds = { user: "pbx", password: "s3cret" };
    const t0 = Date.now();
    const answer = (password: string, user = "pbx") => answerChallenge(challenger.challenge("moked", false, t0), { user, password }, "INVITE", "sip:+97235551234@127.0.0.1");
    expect(challenger.verify(answer("s3cret")!, "INVITE", "moked", creds, t0)).toBe("ok");
    expect(challenger.verify(answer("s3cret")!, "BYE", "moked", creds, t0)).toBe("wrong");
    expect(challenger.verify(answer("guess")!, "INVITE", "moked", creds, t0)).toBe("wrong");
    expect(challenger.verify(answer("s3cret", "other")!, "INVITE", "moked", creds, t0)).toBe("wrong");
    expect(challenger.verify(answer("s3cret")!, "INVITE", "elsewhere", creds, t0)).toBe("missing");
    expect(challenger.verify(answer("s3cret")!.replace(/nonce="[^"]+"/, 'nonce="abc.def"'), "INVITE", "moked", creds, t0)).toBe("missing");
    expect(challenger.verify(answer("s3cret")!, "INVITE", "moked", creds, t0 + 6 * 60_000)).toBe("stale");
    expect(challenger.verify(undefined, "INVITE", "moked", creds, t0)).toBe("missing");
    // Another process's nonces (another secret) are not ours.
    expect(new DigestChallenger().verify(answer("s3cret")!, "INVITE", "moked", creds, t0)).toBe("missing");
  });
});

describe("SIP over a stream: framing by Content-Length", () => {
  const message = (body: string) => `INVITE sip:1@h SIP/2.0\r\nCall-ID: x\r\nl: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

  it("splits messages that arrive glued together or cut anywhere, skipping keep-alive CRLFs", () => {
    const wire = Buffer.from(`\r\n\r\n${message("v=0\r\nשלום")}${message("")}\r\n`);
    for (let cut = 1; cut < wire.length; cut += 7) {
      const framer = new SipStreamFramer();
      const a = framer.push(wire.subarray(0, cut));
      const b = framer.push(wire.subarray(cut));
      expect([...a.messages, ...b.messages]).toEqual([message("v=0\r\nשלום"), message("")]);
      expect(a.pings + b.pings).toBe(1);
    }
  });

  it("gives up on a head with no end or a body longer than a SIP message may be", () => {
    const endless = new SipStreamFramer(1024);
    endless.push(Buffer.alloc(2000, "a"));
    expect(endless.overflowed).toBe(true);
    const huge = new SipStreamFramer(1024);
    huge.push(Buffer.from("INVITE sip:1@h SIP/2.0\r\nContent-Length: 999999\r\n\r\n"));
    expect(huge.overflowed).toBe(true);
  });
});

describe("VOICE_TRUNKS", () => {
  it("reads transport and credentials per line, percent-decoded", () => {
    expect(parseTrunks("a=10.0.0.5:5060, b=10.0.0.6:5080;transport=TCP;user=me;password=p%2Cw;inbound_user=pbx;inbound_password=x;realm=r.example")).toEqual({
      a: { peer: { address: "10.0.0.5", port: 5060, transport: "udp" }, outbound: null, inbound: null, realm: "moked" },
      b: { peer: { address: "10.0.0.6", port: 5080, transport: "tcp" }, outbound: { user: "me", password: "p,w" }, inbound: { user: "pbx", password: "x" }, realm: "r.example" },
    });
  });

  it("names what is wrong and never echoes a password", () => {
    expect(() => parseTrunks("a=10.0.0.5:5060;transport=sctp")).toThrow("a: transport must be udp or tcp");
    expect(() => parseTrunks("a=10.0.0.5:5060;password=hunter2")).toThrow("a: user and password go together");
    expect(() => parseTrunks("a=10.0.0.5:5060;password=hunter2")).not.toThrow(/hunter2/);
    expect(() => parseTrunks("a=10.0.0.5:5060;pass=hunter2")).toThrow('unknown trunk parameter "pass"');
    expect(() => parseTrunks("a=host:5060")).toThrow("expected line-slug=host:port");
  });
});
