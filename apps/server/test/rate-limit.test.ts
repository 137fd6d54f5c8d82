import { describe, expect, it } from "vitest";
import { plainText } from "../src/core/plain-text";
import { RateLimiter } from "../src/core/rate-limit";
import { safeFileName, sniffType } from "../src/channels/chat/attachments";

describe("the public endpoints' guards", () => {
  it("a rate limiter lets a key through up to its limit per window, then says how long to wait", () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, 60_000, () => now);
    expect([1, 2, 3].map(() => limiter.take("198.51.100.1"))).toEqual([0, 0, 0]);
    expect(limiter.take("198.51.100.1")).toBe(60);
    expect(limiter.take("198.51.100.2")).toBe(0);
    now += 45_000;
    expect(limiter.take("198.51.100.1")).toBe(15);
    now += 15_000;
    expect(limiter.take("198.51.100.1")).toBe(0);
  });

  it("keeps what visitors write as text: markup stays literal, control and direction-override characters go", () => {
    expect(plainText("<script>alert(1)</script>")).toBe("<script>alert(1)</script>");
    expect(plainText("שלום\r\nעולם\u0000\u202e")).toBe("שלום\nעולם");
    expect(plainText("x".repeat(5_000))).toHaveLength(4_000);
  });

  it("knows a file by its first bytes, not by its name", () => {
    expect(sniffType(Buffer.from("%PDF-1.7\n"))).toBe("application/pdf");
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffType(Buffer.from("GIF89a"))).toBe("image/gif");
    expect(sniffType(Buffer.from("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "))).toBe("image/webp");
    expect(sniffType(Buffer.from("<svg onload=alert(1)>"))).toBeNull();
    expect(sniffType(Buffer.from("MZ\u0090\u0000"))).toBeNull();
    expect(safeFileName("..\\..\\evil\".png", "image/png")).toBe("evil.png");
    expect(safeFileName("", "application/pdf")).toBe("file.pdf");
  });
});
