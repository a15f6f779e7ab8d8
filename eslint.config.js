import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/src/generated/**",
      "**/.turbo/**",
      "**/.data/**",
      "chat-ui/test-results/**",
      // Go's own loader for the chart renderer's wasm build, vendored as shipped.
      "**/tools/renderer/wasm_exec.js",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Config is parsed once, at the edge (env.ts); everything else receives it as an argument.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read config in env.ts and pass it in." },
      ],
    },
  },
  {
    // Type-aware rules, against the same two programs `npm run typecheck` builds (the backend's root
    // tsconfig.json and chat-ui's): one program for the tree instead of one per package. The subset of
    // recommendedTypeChecked that catches bugs (a promise nobody awaits, a promise where a callback's
    // return is ignored, a switch that forgets a member of a union) without the no-unsafe-* family,
    // which would flag every JSON.parse and keeps lint slow on small machines.
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { project: ["./tsconfig.json", "./chat-ui/tsconfig.json"], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-for-in-array": "error",
      "@typescript-eslint/no-implied-eval": "error",
      "@typescript-eslint/only-throw-error": "error",
      // A \`default\` is an explicit "everything else"; a switch without one must name every member.
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // Test support shipped as a package export (`@ustbites/<pkg>/testing`) is test code too.
    files: [
      "**/env.ts",
      "**/*.config.ts",
      "**/test/**",
      "**/e2e/**",
      "**/scripts/**",
      "**/main.ts",
      "**/testing.ts",
      "**/testing/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["chat-ui/src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
