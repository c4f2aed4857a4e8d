import { describe, expect, it } from "vitest";
import { checkBinary, checkSize } from "../src/jobs/inspectInput.js";

const bytes = (...b: number[]) => Uint8Array.from(b);

describe("input that cannot be cleaned", () => {
  it("empty and over-size objects", () => {
    expect(checkSize(0, 100)?.code).toBe("empty");
    expect(checkSize(101, 100)?.code).toBe("too-large");
    expect(checkSize(100, 100)).toBeUndefined();
  });

  it.each([
    ["PDF", bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31)],
    ["PNG", bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a)],
    ["ZIP", bytes(0x50, 0x4b, 0x03, 0x04)],
    ["control bytes", Uint8Array.from({ length: 4096 }, (_, i) => (i % 7 === 0 ? 0 : 0x41 + (i % 26)))],
  ])("%s is binary", (_name, input) => {
    expect(checkBinary(input)?.code).toBe("binary");
  });

  it("a stray NUL in text is not binary: R0 removes it (one policy with the CLI)", () => {
    expect(checkBinary(new TextEncoder().encode(`${"一段正文。".repeat(200)}\0${"又一段。".repeat(200)}`))).toBeUndefined();
  });

  it("text is not, nor UTF-16 with its byte-order mark, nor invalid UTF-8", () => {
    expect(checkBinary(new TextEncoder().encode("（上接第三版）新闻"))).toBeUndefined();
    expect(checkBinary(bytes(0xff, 0xfe, 0x41, 0x00))).toBeUndefined();
    expect(checkBinary(bytes(0xc4, 0xe3, 0xba, 0xc3))).toBeUndefined();
  });
});
