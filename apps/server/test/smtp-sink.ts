import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A real SMTP server on loopback that keeps what it receives, parsed; it can refuse mail to play an outage. */
export interface SmtpSink {
  url: string;
  mails: ParsedMail[];
  /** The SMTP envelope of each mail, in the same order: the return path (MAIL FROM) and the recipients. */
  envelopes: Array<{ from: string; to: string[] }>;
  refusing: boolean;
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ParsedMail[] = [];
  const envelopes: SmtpSink["envelopes"] = [];
  const sink: SmtpSink = {
    url: "",
    mails,
    envelopes,
    refusing: false,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      return mails;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      if (sink.refusing) {
        stream.resume();
        stream.on("end", () => callback(Object.assign(new Error("mailbox unavailable"), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          envelopes.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address) });
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  sink.url = `smtp://127.0.0.1:${port}`;
  return sink;
}
