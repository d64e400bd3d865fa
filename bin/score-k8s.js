#!/usr/bin/env -S node --
// The score-k8s command: runs the compiled library's CLI entry (dist/cli/k8s/main.js). Unlike
// score-compose it is not bundled with a code cache: its start-up time has not been a goal yet.
'use strict';

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
