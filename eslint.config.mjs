// ESLint for the browser scripts (static/js, not the built static/vendor and static/dist) and their Node tests.
// Run: node_modules/.bin/eslint static/js tests/js (part of `make lint`).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["static/vendor/**", "static/dist/**", "node_modules/**", ".venv/**"] },
  js.configs.recommended,
  {
    // The page scripts are classic scripts; Chart.js comes from its own <script> tag.
    files: ["static/js/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: { ...globals.browser, Chart: "readonly" },
    },
    // They are written in ES5 so that old phone browsers still run them, and ES5 has no
    // `catch` without a binding: an unused `catch (e)` is fine there.
    rules: { "no-unused-vars": ["error", { caughtErrors: "none" }] },
  },
  {
    // The video room is ES modules; Socket.IO's client is a classic script loaded before them.
    files: ["static/js/video/**/*.js"],
    languageOptions: {
      sourceType: "module",
      globals: { ...globals.browser, io: "readonly" },
    },
  },
  {
    files: ["tests/js/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { sourceType: "module", globals: globals.node },
  },
];
