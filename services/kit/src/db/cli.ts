#!/usr/bin/env node
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyMigrations } from "./engine.ts";
import { diffMigration } from "./diff.ts";
import { cliDatabaseUrl } from "./env.ts";
import { generateClient } from "./generate.ts";
import { ensureDatabase, describeUrl } from "./postgres.ts";

const USAGE = `usage (run in a service folder, e.g. via its npm scripts):
  ustbites-db generate        prisma generate, offline
  ustbites-db migrate         apply prisma/migrations to <SERVICE>_DATABASE_URL or DATABASE_URL
  ustbites-db diff <name>     write the next migration from the changes to prisma/schema.prisma`;

async function serviceName(dir: string): Promise<string> {
  const pkg = await readFile(path.join(dir, "package.json"), "utf8").then(
    (text) => JSON.parse(text) as { name?: string },
    () => ({ name: undefined }),
  );
  return (pkg.name ?? path.basename(dir)).replace(/^@[^/]+\//, "");
}

async function main(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  const dir = process.cwd();
  const migrationsDir = path.join(dir, "prisma", "migrations");

  switch (command) {
    case "generate":
      await generateClient(dir);
      return 0;
    case "migrate": {
      const service = await serviceName(dir);
      const url = cliDatabaseUrl(service);
      if (!url) {
        console.log(`${service}: no DATABASE_URL; the embedded database migrates itself at start`);
        return 0;
      }
      const { host, db } = describeUrl(url);
      await ensureDatabase(url);
      const applied = await applyMigrations({ connectionString: url }, migrationsDir);
      console.log(
        applied.length
          ? `${service}: applied ${applied.join(", ")} to ${db} on ${host}`
          : `${service}: ${db} on ${host} is up to date`,
      );
      return 0;
    }
    case "diff": {
      const name = rest[0];
      if (!name || rest.length > 1) break;
      const result = await diffMigration({
        schemaPath: path.join(dir, "prisma", "schema.prisma"),
        migrationsDir,
        name,
      });
      console.log(result.created ? `created ${path.relative(dir, result.dir)}\n\n${result.sql}` : "no changes");
      return 0;
    }
    default:
      // No command or an unknown one: the usage below.
      break;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
