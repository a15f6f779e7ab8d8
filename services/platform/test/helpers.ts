import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const REPO = fileURLToPath(new URL("../../..", import.meta.url));

export interface RunningPlatform {
  gatewayUrl: string;
  child: ChildProcess;
  logs: string[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the platform exactly as `npm start` does (a separate Node process, embedded defaults). */
export async function startPlatformProcess(env: Record<string, string>): Promise<RunningPlatform> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? "", LOG_LEVEL: "info", PLATFORM_PORTS: "ephemeral", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  createInterface({ input: child.stderr! }).on("line", (line) => logs.push(line));
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`platform did not start in time:\n${logs.slice(-20).join("\n")}`)), 180_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      logs.push(line);
      const match = /USTBites is up: (http:\/\/\S+)"/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code}:\n${logs.slice(-20).join("\n")}`));
    });
  });
  return {
    gatewayUrl,
    child,
    logs,
    stop: () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
