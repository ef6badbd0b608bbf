// ESLint for the SDK's own source (the browser code integrators ship): the recommended rules,
// plus the ones that catch what review kept finding by hand. Generated protocol code is not ours to lint.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['src/generated/**'] },
  {
    files: ['src/**/*.js'],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2025,
      sourceType: 'module',
      globals: { ...globals.browser },
    },
    rules: {
      ...js.configs.recommended.rules,
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none' }],
      'no-console': 'error',
    },
  },
];
