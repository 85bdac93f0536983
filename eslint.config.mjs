import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "artifacts/**",
      "cache/**",
      "coverage/**",
      ".turbo/**",
      "packages/client/src/typechain/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.mjs", "**/*.cjs", "**/*.js"],
    languageOptions: { globals: { console: "readonly", process: "readonly", performance: "readonly" } },
  },
  {
    // solidity-coverage loads its config with require(): CommonJS.
    files: [".solcover.js"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable" } },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
