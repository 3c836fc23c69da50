// Flat config: typescript-eslint's recommended rules over the whole project, plus the layering of src/.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

// The folders of src/, top to bottom (docs/design.md, "Layers"). A folder may import the folders of
// the groups below its own, never one above it nor a sibling in its own group, so imports between
// folders go one way and cannot form a cycle. A folder missing here joins the top group.
const LAYERS = [
  ['bot', 'web', 'server'],
  ['notify', 'faq', 'evidence', 'conversations'],
  ['cases'],
  ['identity'],
  ['store'],
  ['embedded-mongo'],
  ['cards', 'time', 'text', 'config', 'log', 'errors'],
];

const srcEntries = readdirSync(path.join(import.meta.dirname, 'src'), { withFileTypes: true });
const listed = new Set(LAYERS.flat());
const layers = [[...LAYERS[0], ...srcEntries.filter((e) => e.isDirectory() && !listed.has(e.name)).map((e) => e.name)], ...LAYERS.slice(1)];
// The composition root (src/app.ts, src/main.ts, src/services.ts) sits above every folder.
const rootFiles = srcEntries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => `./src/${e.name}`);

const zones = layers.flatMap((group, level) =>
  group.map((folder) => ({
    target: `./src/${folder}`,
    from: [...rootFiles, ...layers.slice(0, level + 1).flat().filter((f) => f !== folder).map((f) => `./src/${f}`)],
    message: `src/${folder} may import only folders below its layer (see LAYERS in eslint.config.js and docs/design.md).`,
  })),
);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'test-artifacts/**', 'public/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
);
