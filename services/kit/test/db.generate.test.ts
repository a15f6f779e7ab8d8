import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const cli = path.join(import.meta.dirname, "../src/db/cli.ts");
const fixture = path.join(import.meta.dirname, "fixtures/menu");
// Inside the repo (so the generated client resolves @prisma/client) but in .data/, which git ignores and
// Node will strip types in (it refuses to under node_modules).
const scratch = path.join(import.meta.dirname, "../.data/scratch");

describe("ustbites-db generate", () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("generates a client Node 24 imports as TypeScript, offline and silently", { timeout: 120_000 }, async () => {
    await mkdir(scratch, { recursive: true });
    dir = await mkdtemp(path.join(scratch, "generate-"));
    await cp(fixture, dir, { recursive: true });

    const { stdout, stderr } = await exec(process.execPath, [cli, "generate"], { cwd: dir });
    expect(stdout).toBe("");
    expect(stderr).toBe("");

    const probe = `const m = await import(${JSON.stringify(path.join(dir, "src/generated/prisma/client.ts"))}); console.log(typeof m.PrismaClient);`;
    const imported = await exec(process.execPath, ["--input-type=module", "-e", probe], { cwd: dir });
    expect(imported.stdout.trim()).toBe("function");
  });
});
