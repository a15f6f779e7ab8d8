import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";

describe("the service logger", () => {
  it("never writes tokens, passwords, secrets or card data, wherever they sit in what is logged", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger("test", "info", sink);
    log.info(
      {
        req: {
          method: "POST",
          url: "/orders",
          headers: { authorization: "Bearer eyJhbGciOi.secret-token", cookie: "rt=refresh-secret" },
        },
        body: {
          password: "late-night-char-siu-rice",
          refreshToken: "refresh-secret-2",
          payment: { card: { number: "4242424242424242", cvc: "987" } },
        },
        credentials: { secret: "order-service-secret", token: "svc-token-secret" },
      },
      "a request",
    );
    const out = lines.join("");
    expect(out).toContain("a request");
    expect(out).toContain("/orders");
    for (const secret of [
      "eyJhbGciOi",
      "refresh-secret",
      "late-night-char-siu-rice",
      "4242424242424242",
      "987",
      "order-service-secret",
      "svc-token-secret",
    ]) {
      expect(out).not.toContain(secret);
    }
  });
});
