import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Row } from "./stats.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  file: string;
  seconds: number;
  /** Functions by the share of samples spent in them (not in their callees). */
  self: { frame: string; percent: number }[];
  /** Packages by the share of samples with one of their functions anywhere on the stack. */
  inclusive: { owner: string; percent: number }[];
}

/** Which package or workspace folder a script belongs to: `@prisma/client`, `services/order`, `node:internal`. */
function ownerOf(url: string): string | undefined {
  if (!url) return undefined;
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + "/node_modules/".length).split("/");
    return scope?.startsWith("@") ? `${scope}/${name}` : scope;
  }
  const workspace = /\/(services\/[\w-]+|agent|tools|bench)\/src\//.exec(url);
  if (workspace) return workspace[1];
  if (url.startsWith("node:")) return "node:internal";
  return undefined;
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\/.*?\/(services|bench|agent|tools)\//, "$1/");
  return `${functionName || "(anonymous)"} ${file ? `${file}:${lineNumber + 1}` : ""}`.trim();
}

/** The hottest functions and packages of a V8 CPU profile (`node --cpu-prof`). */
export function summarizeProfile(file: string, profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0) || 1;

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + hits);
    const owners = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const owner = ownerOf(byId.get(id)!.callFrame.url);
      if (owner) owners.add(owner);
    }
    if (owners.size === 0) owners.add(frameName(node));
    for (const owner of owners) inclusive.set(owner, (inclusive.get(owner) ?? 0) + hits);
  }
  const ranked = <K extends string>(m: Map<string, number>, key: K) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, hits]) =>
          ({ [key]: name, percent: (100 * hits) / total }) as { [P in K]: string } & { percent: number },
      );
  return {
    file,
    seconds: (profile.endTime - profile.startTime) / 1e6,
    self: ranked(self, "frame"),
    inclusive: ranked(inclusive, "owner"),
  };
}

/** Every profile a child wrote into `dir`. */
export async function summarizeProfiles(dir: string): Promise<ProfileSummary[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
  return Promise.all(
    files.map(async (f) =>
      summarizeProfile(join(dir, f), JSON.parse(await readFile(join(dir, f), "utf8")) as CpuProfile),
    ),
  );
}

export function profileRows(s: ProfileSummary): { self: Row[]; inclusive: Row[] } {
  return {
    self: s.self.map((f) => ({ "self %": f.percent.toFixed(1), function: f.frame })),
    inclusive: s.inclusive.map((o) => ({ "inclusive %": o.percent.toFixed(1), "package or folder": o.owner })),
  };
}
