import {
  copyFileSync,
  cpSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { chartsRoot, checkCharts, type CheckResult } from "../scripts/check.ts";

export interface ChartCopy {
  root: string;
  path(rel: string): string;
  edit(rel: string, change: (text: string) => string): void;
  remove(rel: string): void;
  dispose(): void;
}

/** A throwaway copy of charts/ustbites and charts/ustbites-lib (symlinks resolved) to break on purpose. */
export function copyCharts(): ChartCopy {
  const root = mkdtempSync(join(tmpdir(), "ustbites-charts-"));
  for (const chart of ["ustbites", "ustbites-lib"]) {
    cpSync(join(chartsRoot, chart), join(root, chart), { recursive: true });
    materializeLinks(join(chartsRoot, chart), join(root, chart));
  }
  const inside = (rel: string): string => {
    const file = realpathSync(join(root, rel));
    // A copy must never write through to the repository (files/routes.json is a link there).
    if (!file.startsWith(realpathSync(root) + sep)) throw new Error(`${rel} resolves outside the temp copy: ${file}`);
    return file;
  };
  return {
    root,
    path: (rel) => join(root, rel),
    edit(rel, change) {
      const file = inside(rel);
      const before = readFileSync(file, "utf8");
      const after = change(before);
      if (after === before) throw new Error(`the edit to ${rel} changed nothing; the test would prove nothing`);
      writeFileSync(file, after);
    },
    remove: (rel) => rmSync(inside(rel)),
    dispose: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Replaces every symlink in the copy with a regular file holding its target's content. */
function materializeLinks(source: string, copy: string): void {
  for (const entry of readdirSync(copy)) {
    const path = join(copy, entry);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) {
      rmSync(path);
      copyFileSync(realpathSync(join(source, entry)), path);
    } else if (stat.isDirectory()) {
      materializeLinks(join(source, entry), path);
    }
  }
}

const checkedEnvs = new Map<string, Promise<CheckResult>>();

/** The charts rendered and checked for an environment, once per test file however many tests read them. */
export function checked(env: "dev" | "prod"): Promise<CheckResult> {
  let result = checkedEnvs.get(env);
  if (!result) {
    result = checkCharts({ env });
    checkedEnvs.set(env, result);
  }
  return result;
}
