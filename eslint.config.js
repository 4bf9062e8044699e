// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier/flat'

/** Only these two files may hold Electron's IPC objects; everything else goes through the typed registry. */
const IPC_MODULES = ['electron/main/ipc/electron-ipc.ts', 'electron/preload/expose.ts']
const IPC_MESSAGE = 'Use the typed IPC registry (electron/contract/ipc) — only the IPC modules touch ipcMain/ipcRenderer.'
const WHOLE_ELECTRON_MESSAGE =
  "Import what you need from 'electron' by name (import { app } from 'electron'): a handle on the whole module would reach ipcMain/ipcRenderer."

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test/e2e/screenshots/**', 'bench/.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    // Type-aware rules (no-floating-promises, no-misused-promises, no-unsafe-*): the project
    // service finds each file's own tsconfig (node or web) through tsconfig.json's references.
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'] },
    },
    rules: {
      // IPC handler tables and fakes are async by contract (a throw must become a rejection the
      // router turns into an envelope), whether or not a given handler awaits anything.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // vue-i18n's and pinia's composables hand out bound functions that are meant to be destructured
    // (`const { t, te } = useI18n()`), which unbound-method cannot tell from a real method.
    files: ['renderer/**'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  {
    // Plain JS tooling outside both tsconfigs: syntax rules only.
    files: ['scripts/**', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tests read parsed JSON, mocks and spies whose types are `any` by nature; the promise rules stay.
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // `page.evaluate(...) as T` and friends read better in a journey than generic arguments.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    ignores: IPC_MODULES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: IPC_MESSAGE,
            },
          ],
        },
      ],
      // Named imports alone would leave `import electron from 'electron'; electron.ipcMain` open.
      // Outside the IPC modules no code gets a handle on the whole module, in any module syntax,
      // so ipcMain/ipcRenderer can only be reached by naming them, which the rule above forbids.
      'no-restricted-syntax': [
        'error',
        ...[
          "ImportDeclaration[source.value='electron'] > ImportDefaultSpecifier",
          "ImportDeclaration[source.value='electron'] > ImportNamespaceSpecifier",
          "ExportAllDeclaration[source.value='electron']",
          "ImportExpression[source.value='electron']",
          "CallExpression[callee.name='require'][arguments.0.value='electron']",
          "TSExternalModuleReference[expression.value='electron']",
        ].map((selector) => ({ selector, message: WHOLE_ELECTRON_MESSAGE })),
      ],
    },
  },
  {
    files: ['scripts/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to main only through window.couponDesk.' }],
          patterns: [
            {
              // Its words come from the contract's message catalogue (@contract/locales), like main's.
              regex: '^(node:|@main/)',
              message: 'The renderer has no Node and no main-process code.',
            },
          ],
        },
      ],
    },
  },
  // Layout is Prettier's job (npm run format); this switches off every ESLint rule that would argue with it.
  prettier,
)
