#!/usr/bin/env node
// Thin shim: all logic lives in the bundled CLI (scripts/bundle-cli.mjs builds it).
import { main } from '../dist/cli-bundle/score-compose.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
