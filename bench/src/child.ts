import { spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createInterface } from "node:readline";

/** Longest a child may take to start or to stop before the runner gives up on it. */
const START_TIMEOUT_MS = 240_000;
/** Generous: on a loaded machine dropping a platform's databases and vhost takes a while, and a child
 * killed before it exits leaves no CPU profile. */
const STOP_TIMEOUT_MS = 120_000;

export interface Child {
  pid: number;
  /** The JSON line the child printed once up. */
  ready: unknown;
  /** Sends one command line; resolves with the child's one-line JSON answer. */
  ask(command: string): Promise<unknown>;
  /** Resident and peak resident memory of the child, in MiB (Linux /proc). */
  memory(): Promise<{ rssMiB: number; peakMiB: number }>;
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, whatever it was doing (a crash, for the drills). */
  kill(): Promise<void>;
}

/** The child's answers travel on fd 3, so its stdout stays free for logs (which the runner discards). */
const CHANNEL_FD = 3;

/**
 * Runs a Node script in a child process: it writes one JSON line on its channel (fd 3) when up, then
 * answers each line it reads on stdin with one JSON line there, and exits when its stdin closes (so it
 * dies with the runner). Its stdout, where the services log, goes nowhere, as a deployment's logs go
 * to a collector: the logging is paid for, the terminal is not flooded.
 */
export async function spawnChild(
  script: string,
  args: string[],
  what: string,
  nodeFlags: string[] = [],
): Promise<Child> {
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], {
    stdio: ["pipe", "ignore", "inherit", "pipe"],
  });
  const stdin = child.stdin!;
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    stdin.end();
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  const lines = createInterface({ input: child.stdio[CHANNEL_FD] as Readable });
  const waiting: ((line: string) => void)[] = [];
  const queued: string[] = [];
  lines.on("line", (line) => {
    const next = waiting.shift();
    if (next) next(line);
    else queued.push(line);
  });
  const nextLine = () => {
    const line = queued.shift();
    return line !== undefined ? Promise.resolve(line) : new Promise<string>((resolve) => waiting.push(resolve));
  };
  try {
    const ready = await Promise.race([
      nextLine().then((line) => JSON.parse(line) as unknown),
      exited.then(([code, signal]) => Promise.reject(new Error(`${what} exited (${code ?? signal}) before it was up`))),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error(`${what} did not start in ${START_TIMEOUT_MS} ms`)),
          START_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    const pid = child.pid ?? 0;
    return {
      pid,
      ready,
      async ask(command) {
        stdin.write(`${command}\n`);
        return JSON.parse(await nextLine()) as unknown;
      },
      async memory() {
        const status = await readFile(`/proc/${pid}/status`, "utf8");
        const kib = (field: string) =>
          Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
        return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
      },
      stop,
      async kill() {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGKILL");
        await exited;
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The child's side: announce `ready` on the channel, answer each stdin line with `answer(line)` as one
 * JSON line, and run `shutdown` when stdin closes.
 */
export function serveCommands(
  ready: unknown,
  answer: (command: string) => Promise<unknown> | unknown,
  shutdown: () => void,
): void {
  const channel = createWriteStream("", { fd: CHANNEL_FD });
  const send = (value: unknown) => channel.write(`${JSON.stringify(value)}\n`);
  send(ready);
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    void Promise.resolve(answer(line.trim())).then(send, (err: unknown) => send({ error: (err as Error).message }));
  });
  lines.on("close", shutdown);
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
