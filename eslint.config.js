// Lint rules that keep the house in order (run by `npm run lint` and CI):
// typescript-eslint's recommended set, 120 columns, and each third-party library imported
// by its one module only, so that replacing or upgrading one touches one file.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Each library and the one module allowed to import it. */
const LIBRARY_HOMES = {
  yaml: 'src/yaml/yaml.ts',
  dockerode: 'src/runtime/engine/docker-runtime.ts',
  handlebars: 'src/provisioners/template/engine.ts',
  ajv: 'src/score/validate.ts',
  commander: 'src/cli/commander.ts',
  'tar-stream': 'src/runtime/images/build-context.ts',
  '@balena/dockerignore': 'src/runtime/images/build-context.ts',
};

const restricted = (except) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: Object.entries(LIBRARY_HOMES)
        .filter(([, home]) => home !== except)
        .map(([lib, home]) => ({
          regex: `^${lib}(/.*)?$`,
          message: `import ${lib} only in ${home}; use what that module exports`,
        })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/.work/', 'test/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      'max-len': [
        'error',
        { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
    },
  },
  { files: ['src/**/*.ts'], rules: restricted(undefined) },
  ...Object.values(LIBRARY_HOMES).map((home) => ({ files: [home], rules: restricted(home) })),
  {
    // Tests may use `any` for fakes and reach into the libraries directly as independent oracles.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
    },
  },
);
