// The broker's and Redis's per-service users, checked against what the code publishes, consumes and
// stores: every event type may be published by its own service alone, every binding a service makes
// is allowed to it and to nobody else's queues, every Redis key prefix is its service's alone.
import { EVENT_SUBSCRIPTIONS, EVENT_TYPES } from "@ustbites/contracts";
import { DEFAULT_EXCHANGE } from "@ustbites/kit/bus";
import { REDIS_KEY_PREFIXES } from "@ustbites/kit/deployables";
import type { RenderedDoc } from "./render.ts";

/** What the code does on the bus and in Redis: services/contracts and the kit, unless a test says otherwise. */
export interface CodeFacts {
  exchange: string;
  eventTypes: readonly string[];
  subscriptions: Readonly<
    Record<string, { queues: Readonly<Record<string, readonly string[]>>; fanout?: readonly string[] }>
  >;
  redisKeyPrefixes: Readonly<Record<string, string>>;
}

export const CODE_FACTS: CodeFacts = {
  exchange: DEFAULT_EXCHANGE,
  eventTypes: EVENT_TYPES,
  subscriptions: EVENT_SUBSCRIPTIONS,
  redisKeyPrefixes: REDIS_KEY_PREFIXES,
};

interface Permission {
  user: string;
  vhost: string;
  configure: string;
  write: string;
  read: string;
}
interface TopicPermission {
  user: string;
  exchange: string;
  write: string;
  read: string;
}
interface Topology {
  exchanges: { name: string; type: string; durable: boolean }[];
  permissions: Permission[];
  topic_permissions: TopicPermission[];
}
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };

const publisherOf = (eventType: string) => eventType.slice(0, eventType.indexOf("."));
/** RabbitMQ matches a permission's regex against the whole name; these charts write them anchored. */
const allows = (regex: string, name: string) => new RegExp(regex).test(name);
/** A queue of `queue`'s kinds: itself, a retry queue, its dead-letter queue (kit/bus). */
const queueFamily = (queue: string) => [queue, `${queue}.retry.1000`, `${queue}.dlq`];
/** A server-named exclusive queue, as a fan-out subscription gets. */
const SERVER_NAMED = "amq.gen-Xy12AbC";

function envOf(docs: RenderedDoc[]): Map<string, EnvVar[]> {
  const byService = new Map<string, EnvVar[]>();
  for (const { manifest } of docs.filter((d) => d.manifest.kind === "Deployment")) {
    const spec = (manifest.spec as { template: { spec: { containers: { env?: EnvVar[] }[] } } }).template.spec;
    byService.set(
      manifest.metadata.name,
      spec.containers.flatMap((c) => c.env ?? []),
    );
  }
  return byService;
}

/** A connection URL's user, and where its password comes from (`$(VAR)` → that variable's secret key). */
function credentialsOf(env: EnvVar[], urlVar: string): { user: string; secret: string } | undefined {
  const url = env.find((e) => e.name === urlVar)?.value;
  const match = url ? /^[a-z]+:\/\/([^:@]+):\$\(([A-Z_]+)\)@/.exec(url) : null;
  if (!match) return undefined;
  const ref = env.find((e) => e.name === match[2])?.valueFrom?.secretKeyRef;
  return { user: match[1] ?? "", secret: ref ? `${ref.name}/${ref.key}` : "" };
}

export function checkBroker(docs: RenderedDoc[], code: CodeFacts = CODE_FACTS): string[] {
  const problems: string[] = [];
  const configMap = docs.find(
    (d) => d.manifest.kind === "ConfigMap" && d.manifest.metadata.name.endsWith("-topology"),
  )?.manifest;
  const raw = (configMap as { data?: Record<string, string> } | undefined)?.data?.["topology.json"];
  if (!raw) return ["no RabbitMQ topology ConfigMap (<cluster>-topology, key topology.json) is rendered"];
  const topology = JSON.parse(raw) as Topology;
  const env = envOf(docs);

  const exchange = topology.exchanges.find((e) => e.name === code.exchange);
  if (exchange?.type !== "topic" || !exchange.durable)
    problems.push(`the broker does not declare the durable topic exchange ${code.exchange}`);

  const busServices = [...env].filter(([, vars]) => vars.some((v) => v.name === "RABBITMQ_URL")).map(([name]) => name);
  const consumers = Object.keys(code.subscriptions);
  const publishers = [...new Set(code.eventTypes.map(publisherOf))];
  for (const service of new Set([...consumers, ...publishers])) {
    if (!busServices.includes(service)) problems.push(`${service} uses the bus but gets no RABBITMQ_URL`);
  }

  const passwords = new Map<string, string>();
  for (const service of busServices) {
    const creds = credentialsOf(env.get(service) ?? [], "RABBITMQ_URL");
    if (creds?.user !== service)
      problems.push(
        `${service}: RABBITMQ_URL must name its own broker user "${service}" with a $(VAR) password from a Secret`,
      );
    else if (!creds.secret) problems.push(`${service}: the broker password does not come from a Secret`);
    else if (passwords.has(creds.secret))
      problems.push(`${service}: shares its broker password (${creds.secret}) with ${passwords.get(creds.secret)}`);
    else passwords.set(creds.secret, service);

    const perm = topology.permissions.find((p) => p.user === service);
    const topic = topology.topic_permissions.find((p) => p.user === service && p.exchange === code.exchange);
    if (!perm || !topic) {
      problems.push(`${service}: no broker permissions or no topic permissions on ${code.exchange}`);
      continue;
    }
    const subscription = code.subscriptions[service];
    const ownQueues = Object.keys(subscription?.queues ?? {}).flatMap(queueFamily);
    if (subscription?.fanout?.length) ownQueues.push(SERVER_NAMED);
    for (const queue of ownQueues) {
      for (const kind of ["configure", "write", "read"] as const) {
        if (!allows(perm[kind], queue)) problems.push(`${service}: may not ${kind} its own queue ${queue}`);
      }
    }
    for (const kind of ["configure", "read"] as const) {
      if (!allows(perm[kind], code.exchange))
        problems.push(`${service}: may not ${kind} the exchange ${code.exchange}`);
    }
    // Retries and dead letters are sent to the queue through the default exchange.
    if (consumers.includes(service) && !allows(perm.write, "amq.default"))
      problems.push(`${service}: may not write to amq.default (retries, dead letters)`);
    for (const [other, theirs] of Object.entries(code.subscriptions).filter(([name]) => name !== service)) {
      for (const queue of Object.keys(theirs.queues).flatMap(queueFamily)) {
        for (const kind of ["configure", "write", "read"] as const) {
          if (allows(perm[kind], queue)) problems.push(`${service}: may ${kind} ${other}'s queue ${queue}`);
        }
      }
    }
    if (!subscription?.fanout?.length && allows(perm.read, SERVER_NAMED))
      problems.push(`${service}: may read server-named queues it has no use for`);

    const ownEvents = code.eventTypes.filter((t) => publisherOf(t) === service);
    if (ownEvents.length > 0 && !allows(perm.write, code.exchange))
      problems.push(`${service}: may not publish on ${code.exchange}`);
    for (const type of code.eventTypes) {
      const mine = publisherOf(type) === service;
      if (mine && !allows(topic.write, type))
        problems.push(
          `${service}: may not publish its own event ${type} (add it to services.${service}.bus.publishes)`,
        );
      if (!mine && allows(topic.write, type))
        problems.push(`${service}: may publish ${type}, which is ${publisherOf(type)}'s`);
    }
    const bindings = [...Object.values(subscription?.queues ?? {}).flat(), ...(subscription?.fanout ?? [])];
    for (const key of bindings) {
      if (!allows(topic.read, key))
        problems.push(
          `${service}: may not bind ${key}, which it consumes (add it to services.${service}.bus.consumes)`,
        );
    }
    for (const type of code.eventTypes.filter(
      (t) => !bindings.includes(t) && !bindings.some((b) => b.endsWith(".*") && t.startsWith(b.slice(0, -1))),
    )) {
      if (allows(topic.read, type)) problems.push(`${service}: may bind ${type}, which it does not consume`);
    }
  }
  return problems;
}

export function checkRedis(docs: RenderedDoc[], code: CodeFacts = CODE_FACTS): string[] {
  const problems: string[] = [];
  const configMap = docs.find(
    (d) => d.manifest.kind === "ConfigMap" && d.manifest.metadata.name.endsWith("-acl"),
  )?.manifest;
  const rules = (configMap as { data?: Record<string, string> } | undefined)?.data?.rules;
  if (!rules) return ["no Redis ACL ConfigMap (<redis>-acl, key rules) is rendered"];
  const patterns = new Map(
    rules
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter((words) => words[0])
      .map((words) => [words[0] ?? "", words.filter((w) => w.startsWith("~")).map((w) => w.slice(1))]),
  );
  const matches = (pattern: string, key: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(key);
  const env = envOf(docs);
  const passwords = new Map<string, string>();
  for (const [service, prefix] of Object.entries(code.redisKeyPrefixes)) {
    const creds = credentialsOf(env.get(service) ?? [], "REDIS_URL");
    if (creds?.user !== service)
      problems.push(
        `${service}: REDIS_URL must name its own Redis user "${service}" with a $(VAR) password from a Secret`,
      );
    else if (!creds.secret) problems.push(`${service}: the Redis password does not come from a Secret`);
    else if (passwords.has(creds.secret))
      problems.push(`${service}: shares its Redis password (${creds.secret}) with ${passwords.get(creds.secret)}`);
    else passwords.set(creds.secret, service);
    const own = patterns.get(service);
    if (!own?.some((p) => matches(p, `${prefix}0196a4c0-0000-7000-8000-000000000001`)))
      problems.push(`${service}: its Redis user may not touch its own keys ${prefix}…`);
    for (const [other, otherPrefix] of Object.entries(code.redisKeyPrefixes).filter(([name]) => name !== service)) {
      if (own?.some((p) => matches(p, `${otherPrefix}x`)))
        problems.push(`${service}: its Redis user may touch ${other}'s keys ${otherPrefix}…`);
    }
  }
  for (const user of patterns.keys()) {
    if (!(user in code.redisKeyPrefixes))
      problems.push(`Redis user ${user} has no key prefix in the code (REDIS_KEY_PREFIXES)`);
  }
  return problems;
}
