export { createTestDatabase, type TestDatabase } from "./test-database.ts";
export { createTcpProxy, type TcpProxy, type TcpProxyOptions } from "./tcp-proxy.ts";
export { createTestVhost, type TestVhost } from "./vhost.ts";
export { testRabbitUrl, testRedisUrl, testServerUrl } from "./env.ts";
export { openTestDatabase, type OpenedTestDatabase, type OpenTestDatabaseOptions } from "./database.ts";
export { createTestKeys, type TestClaims, type TestKeys } from "./keys.ts";
export { card } from "./cards.ts";
