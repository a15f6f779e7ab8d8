import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/src/generated/**", "**/.turbo/**", "**/.data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Config is parsed once, at the edge (env.ts); everything else receives it as an argument.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read config in env.ts and pass it in." }],
    },
  },
  {
    // Test support shipped as a package export (`@ustbites/<pkg>/testing`) is test code too.
    files: ["**/env.ts", "**/*.config.ts", "**/test/**", "**/e2e/**", "**/scripts/**", "**/main.ts", "**/testing.ts", "**/testing/**"],
    rules: { "no-restricted-properties": "off" },
  },
);
