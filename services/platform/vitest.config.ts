import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// Each test file boots a whole platform of its own (fresh databases, vhost, key prefix) in its worker,
// and one platform process uses about one core: two files side by side finish in about half the time
// on two cores (vitest's default there is one file at a time). A platform starting beside another may
// take longer than the shared two minutes (smoke.test.ts starts `npm start`'s embedded one twice).
export default mergeConfig(shared, defineConfig({ test: { maxWorkers: 2, hookTimeout: 240_000 } }));
