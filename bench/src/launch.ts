import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { assertLoopback, client, type BenchPlatform, type Mode } from "./client.ts";

const SERVE = fileURLToPath(new URL("./serve.ts", import.meta.url));
const Ready = z.object({ gateway: z.string(), startupMs: z.number() });

/** Longest a platform may take to start or to stop before the runner gives up on it. */
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 30_000;

/**
 * Starts the platform in a child process (serve.ts), as a deployment runs it apart from its clients:
 * on this 2-core machine the platform then has one core and the load generator the other.
 */
export async function launchPlatform(mode: Mode, extra: Record<string, string>): Promise<BenchPlatform> {
  const child = spawn(process.execPath, [SERVE, mode, JSON.stringify(extra)], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    const lines = createInterface({ input: child.stdout });
    const ready = await Promise.race([
      once(lines, "line").then(([line]) => Ready.parse(JSON.parse(String(line)))),
      exited.then(([code, signal]) => Promise.reject(new Error(`the ${mode} platform exited (${code ?? signal}) before it was up`))),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the ${mode} platform did not start in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS).unref()),
    ]);
    const gateway = assertLoopback(ready.gateway);
    return { mode, gateway, startupMs: ready.startupMs, ...client(gateway), close: stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
