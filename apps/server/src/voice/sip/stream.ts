/**
 * SIP over a byte stream (RFC 3261 §18.3): messages follow each other on a TCP connection, each framed by
 * its headers' end and its Content-Length (mandatory on streams). Keep-alive CRLFs between messages
 * (RFC 5626 §3.5.1: a double CRLF "ping") are skipped; a peer sending more than `maxMessage` bytes without
 * completing a message is cut off by the caller (`overflowed`).
 */
export class SipStreamFramer {
  private buffer: Buffer = Buffer.alloc(0);
  /** Set when the peer sent a head too long for a SIP message: the connection should be closed. */
  overflowed = false;

  constructor(private readonly maxMessage = 64 * 1024) {}

  /** Feeds received bytes; returns the whole messages now complete (as text) and how many keep-alive pings came. */
  push(chunk: Buffer): { messages: string[]; pings: number } {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const messages: string[] = [];
    let pings = 0;
    for (;;) {
      let start = 0;
      while (start + 1 < this.buffer.length && this.buffer[start] === 0x0d && this.buffer[start + 1] === 0x0a) {
        if (this.buffer[start + 2] === 0x0d && this.buffer[start + 3] === 0x0a) pings++;
        start += 2;
      }
      if (start) this.buffer = this.buffer.subarray(start);
      const headEnd = this.buffer.indexOf("\r\n\r\n");
      if (headEnd < 0) {
        if (this.buffer.length > this.maxMessage) this.overflowed = true;
        return { messages, pings };
      }
      const head = this.buffer.subarray(0, headEnd).toString("utf8");
      const length = contentLength(head);
      if (length === null || length > this.maxMessage) {
        this.overflowed = true;
        return { messages, pings };
      }
      const end = headEnd + 4 + length;
      if (this.buffer.length < end) return { messages, pings };
      messages.push(this.buffer.subarray(0, end).toString("utf8"));
      this.buffer = this.buffer.subarray(end);
    }
  }
}

/** The Content-Length of a message head (long or compact form); 0 when absent, null when not a number. */
function contentLength(head: string): number | null {
  const m = /^(?:content-length|l)[ \t]*:[ \t]*(\S*)/im.exec(head);
  if (!m) return 0;
  return /^\d+$/.test(m[1]!) ? Number(m[1]) : null;
}
