import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { prismaGenerateEnv } from "./env.ts";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/**
 * `prisma generate` in `serviceDir`, offline. Prints nothing on success; on failure the error carries
 * Prisma's own output.
 */
export async function generateClient(serviceDir: string): Promise<void> {
  const prismaCli = require.resolve("prisma/build/index.js");
  // Any existing file satisfies the engine-binary check; the wasm engine is the honest stand-in.
  const engineStandIn = fileURLToPath(import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg")).replace(
    /\.js$/,
    ".wasm",
  );
  try {
    await run(process.execPath, [prismaCli, "generate"], { cwd: serviceDir, env: prismaGenerateEnv(engineStandIn) });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`prisma generate failed in ${serviceDir}\n${stdout ?? ""}${stderr ?? ""}`, { cause: error });
  }
}
