/** One byte range of a file, both ends inclusive (as in `Content-Range`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The `Range` header of a request for a file of `size` bytes (RFC 9110 §14): `null` for the whole file (no
 * header, another unit, or several ranges, which we may answer with the whole file), `"unsatisfiable"` for
 * a range that starts past the end (416), else the single range clamped to the file.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | null | "unsatisfiable" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return null;
  if (m[1] === "") {
    // A suffix: the last N bytes.
    const length = Math.min(Number(m[2]), size);
    return length === 0 ? "unsatisfiable" : { start: size - length, end: size - 1 };
  }
  const start = Number(m[1]);
  if (start >= size) return "unsatisfiable";
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  return end < start ? null : { start, end };
}
