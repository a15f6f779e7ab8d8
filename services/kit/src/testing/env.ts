/** The admin URL test databases are created on. */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
}

/** The broker test vhosts are created on (its default vhost). */
export function testRabbitUrl(): string {
  return process.env.TEST_RABBITMQ_URL || "amqp://guest:guest@127.0.0.1:5672";
}

/** The Redis tests use. */
export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL || "redis://127.0.0.1:6379";
}
