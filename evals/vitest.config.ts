import { defineConfig } from "vitest/config";

// suite.test.ts boots the whole platform and runs every scenario: minutes, not seconds.
export default defineConfig({ test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 240_000 } });
