import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// Issue 32 (item 4): renderer files and functions a person can hold in their head. Blank lines and
// comments are not counted (a documented component is not penalised for its comments).
const SIZE = { skipBlankLines: true, skipComments: true }

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'bench/tmp/**', '.tmp/**', 'test/e2e/output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }
      ],
      '@typescript-eslint/no-non-null-assertion': 'off'
    }
  },
  {
    // Layers: the pure core knows no host; the renderer talks only to the client object.
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'electron',
                'better-sqlite3',
                'node:*',
                'fs',
                'path',
                'react',
                '**/backend/**',
                '**/main/**',
                '**/server/**',
                '**/renderer/**'
              ],
              message: 'src/core and src/shared stay host-free'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Data loading effects reset their state before fetching; we do not use the React Compiler.
      'react-hooks/set-state-in-effect': 'off',
      'react-hooks/incompatible-library': 'off',
      'react-hooks/preserve-manual-memoization': 'off',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'better-sqlite3', 'node:*', '**/backend/**', '**/main/**', '**/server/**'],
              message: 'the renderer talks only to the client object'
            },
            // Even a type-only path through core invites a value import that drags core (and its SQL) into the bundle.
            {
              group: ['**/core', '**/core/**', '!echarts/core'],
              message: 'the renderer imports src/shared, never src/core'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      'max-lines': ['error', { max: 250, ...SIZE }],
      'max-lines-per-function': ['error', { max: 80, ...SIZE }]
    }
  }
)
