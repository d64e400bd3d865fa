#!/usr/bin/env -S node --
// The score-k8s command: runs the compiled library's CLI entry (dist/cli/k8s/main.js). Unlike
// score-compose it is not bundled with a code cache: its start-up time has not been a goal yet.
/* eslint-disable @typescript-eslint/no-require-imports */
'use strict';

const { existsSync } = require('node:fs');
const { join } = require('node:path');

const MAIN = join(__dirname, '..', 'dist', 'cli', 'k8s', 'main.js');
if (!existsSync(MAIN)) {
  // A checkout without `npm run build` (a user cloning the repository): a hint, not a stack.
  process.stderr.write(
    `Error: score-k8s is not built: ${MAIN} is missing\n` +
      `hint: run \`npm ci && npm run build\` in ${join(__dirname, '..')}\n`,
  );
  process.exit(70);
}

import('../dist/cli/k8s/main.js')
  .then(({ k8sMain }) => k8sMain(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`Error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 70;
    },
  );
