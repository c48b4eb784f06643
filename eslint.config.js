import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output/', '.output-*/', '.wxt/', 'node_modules/', 'test-artifacts/', 'demo-output/', '.bench-data/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Page data is hostile: never parse strings as HTML or code.
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Set textContent or build elements; page data is never HTML.' },
        { property: 'outerHTML', message: 'Set textContent or build elements; page data is never HTML.' },
        { property: 'insertAdjacentHTML', message: 'Build elements instead; page data is never HTML.' },
        { property: 'write', message: 'document.write parses HTML; build elements instead.' },
        { property: 'writeln', message: 'document.writeln parses HTML; build elements instead.' },
        { property: 'createContextualFragment', message: 'Parses HTML; build elements instead.' },
        { property: 'srcdoc', message: 'An iframe srcdoc is parsed as HTML; page data is never HTML.' },
        { property: 'setHTMLUnsafe', message: 'Parses HTML; set textContent or build elements.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, never HTML.' },
      ],
    },
  },
  {
    // The fake CRM pages served in tests and the demo build their own DOM like a real CRM does.
    files: ['tests/fixtures/**', 'tests/e2e/**', 'scripts/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
