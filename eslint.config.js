// Lint: JavaScript's and typescript-eslint's recommended rules, a line-length limit, and the
// module boundaries of src/ (eslint.boundaries.js). Formatting is Prettier's (npm run format).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { boundaryRules } from './eslint.boundaries.js'

export default tseslint.config(
  { ignores: ['node_modules/', '.scratch/', 'dist/', 'data/', 'test-results/', 'bench/results/', 'public/build/', 'client/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      'max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // non-null assertions are used where an index or lookup is known to hit (noUncheckedIndexedAccess)
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-undef': 'off',
      // control characters are matched on purpose: input is cleaned of them (NUL, bidi and C0 controls)
      'no-control-regex': 'off',
      // a callback may read a variable assigned just after it is set up (event streams)
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  ...boundaryRules(),
)
