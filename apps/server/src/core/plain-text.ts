/**
 * Text from outside (a chat visitor, a messaging provider) made safe to keep and show: control characters
 * other than line breaks and tabs removed, line breaks normalised, length capped. It stays text — every
 * screen renders it as text, never as HTML — so markup in it shows literally and never runs.
 */
export function plainText(input: string, maxLength = 4_000): string {
  return input
    .replace(/\r\n?/g, "\n")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, "")
    .trim()
    .slice(0, maxLength);
}
