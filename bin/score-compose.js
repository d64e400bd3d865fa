#!/usr/bin/env node
// Thin shim: all logic lives in the compiled CLI module.
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
