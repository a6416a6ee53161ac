// Lint is part of the style guide (STYLE.md P15): no `any`, no floating or misused promises,
// exhaustive switches, throw only Errors, no console outside the CLI edge, size budgets.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "coverage/", ".artifacts/", ".venv/", "**/*.mjs", "**/*.cjs"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/switch-exhaustiveness-check": ["error", { considerDefaultExhaustiveForUnions: true }],
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true, allowBoolean: true }],
      "@typescript-eslint/no-unnecessary-condition": ["error", { allowConstantLoopConditions: true }],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-extraneous-class": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "error",
      "max-lines": ["error", { max: 300, skipBlankLines: true, skipComments: true }],
      "max-lines-per-function": ["error", { max: 50, skipBlankLines: true, skipComments: true }],
      complexity: ["error", 15],
    },
  },
  {
    // The domain is a leaf (STYLE.md P1): it may import nothing but zod.
    files: ["addon/src/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(?!zod$|\\./|\\.\\./).*", message: "domain/ imports nothing but zod" }, { regex: "^\\.\\./\\.\\./", message: "domain/ may not import from outside domain/" }] }],
    },
  },
  {
    // Time is an input (STYLE.md P3): below the composition root nobody reads the clock.
    files: ["addon/src/**/*.ts"],
    ignores: ["addon/src/main.ts", "addon/src/cli/**", "addon/src/system/**"],
    rules: {
      "no-restricted-syntax": ["error",
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Time is an input: take `now` or a Clock" },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Time is an input: take `now` or a Clock" },
      ],
    },
  },
  {
    // Tests are tables: long describe/it callbacks are fine there.
    files: ["tests/**/*.ts", "bench/**/*.ts"],
    rules: {
      "max-lines-per-function": "off",
      "max-lines": ["error", { max: 400, skipBlankLines: true, skipComments: true }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-console": "off",
    },
  },
);
