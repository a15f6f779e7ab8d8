import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { testRabbitUrl } from "./env.ts";

const run = promisify(execFile);

export interface TestVhost {
  /** RABBITMQ_URL pointing at the new vhost: exchanges and queues there are invisible to other tests. */
  url: string;
  drop(): Promise<void>;
}

/**
 * A RabbitMQ vhost of its own for one test file, so a whole platform (fixed exchange and queue names)
 * can run against the shared broker without seeing any other run's messages. Uses rabbitmqctl, which
 * the broker's Debian package installs next to it.
 */
export async function createTestVhost(tag: string): Promise<TestVhost> {
  const name = `t_${tag.replace(/[^a-z0-9]+/gi, "_")}_${randomBytes(4).toString("hex")}`;
  await run("rabbitmqctl", ["add_vhost", name]);
  await run("rabbitmqctl", ["set_permissions", "-p", name, "guest", ".*", ".*", ".*"]);
  const url = new URL(testRabbitUrl());
  url.pathname = `/${encodeURIComponent(name)}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    drop() {
      dropped ??= run("rabbitmqctl", ["delete_vhost", name]).then(() => undefined);
      return dropped;
    },
  };
}
