/**
 * CSV for spreadsheet programs, shared by every download. A text cell a spreadsheet would run as a formula
 * (starting with = + - @, a tab or a carriage return) gets a leading single quote (OWASP's CSV injection
 * advice): a customer's "=HYPERLINK(…)" is shown, never run. Numbers stay numbers.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : value instanceof Date ? value.toISOString() : String(value);
  if (typeof value !== "number" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text: CRLF lines, with a BOM so spreadsheet programs read Hebrew and Arabic right. */
export function toCsv(rows: unknown[][]): string {
  return "\uFEFF" + rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
