import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ImapFlow } from "imapflow";

/** The private Dovecot that scripts/start-test-imap.sh runs on loopback (see that script). */
export const TEST_IMAP = { host: "127.0.0.1", port: Number(process.env.MOKED_TEST_IMAP_PORT ?? 10143), user: "moked", password: "moked-imap-test" };

export function imapClient(): ImapFlow {
  const client = new ImapFlow({ host: TEST_IMAP.host, port: TEST_IMAP.port, secure: false, auth: { user: TEST_IMAP.user, pass: TEST_IMAP.password }, logger: false, disableAutoIdle: true });
  client.on("error", () => undefined);
  return client;
}

async function answers(): Promise<string | null> {
  const client = imapClient();
  try {
    await client.connect();
    await client.logout();
    return null;
  } catch (err) {
    client.close();
    return (err as Error).message;
  }
}

/**
 * A real IMAP server for the tests: the one already running, else started now by the script. Answers null
 * when it runs, or why it cannot (the caller skips with that reason).
 */
export async function ensureTestImap(): Promise<string | null> {
  if ((await answers()) === null) return null;
  try {
    execFileSync("bash", [fileURLToPath(new URL("../../../scripts/start-test-imap.sh", import.meta.url))], { stdio: "pipe", timeout: 30_000 });
  } catch (err) {
    return `scripts/start-test-imap.sh failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  }
  return answers();
}
