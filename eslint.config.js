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
    files: ["**/env.ts", "**/*.config.ts", "**/test/**", "**/e2e/**", "**/scripts/**", "**/main.ts"],
    rules: { "no-restricted-properties": "off" },
  },
);
