import { spawnSync } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";

// A separate process each: whether stdout is a terminal is decided once, when the kit is loaded.
const program = `import { createLogger } from "@ustbites/kit"; createLogger("order").info({ orderId: "o1" }, "order placed");`;
const node = [process.execPath, "--input-type=module", "-e", program];
const cwd = new URL("..", import.meta.url);

describe("log output", () => {
  it("prints one readable, coloured line per entry when stdout is a terminal", () => {
    // script(1) gives the child a pseudo-terminal, as a person running `npm start` has.
    const run = spawnSync("script", ["-qfec", node.map((a) => `'${a}'`).join(" "), "/dev/null"], {
      cwd,
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(0);
    const line = run.stdout.trim();
    expect(line).toContain("\u001b[");
    const plain = stripVTControlCharacters(line);
    expect(plain).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: order +order placed \{"orderId":"o1"\}$/);
  });

  it("writes one JSON object per entry when stdout is not a terminal (containers, CI, pipes)", () => {
    const run = spawnSync(node[0] ?? "", node.slice(1), { cwd, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({
      level: 30,
      service: "order",
      orderId: "o1",
      msg: "order placed",
    });
  });
});
