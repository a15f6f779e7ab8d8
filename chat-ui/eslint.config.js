import reactHooks from "eslint-plugin-react-hooks";
import root from "../eslint.config.js";

export default [
  ...root,
  { ignores: ["dist/**", "test-results/**"] },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
];
