#!/usr/bin/env node
// Quick-start demo: `init` writes the sample workload (a web app with a PostgreSQL database,
// a DNS name and a route) into a fresh temporary project, then `generate` prints its compose file.
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../dist/cli/main.js';

const dir = join(mkdtempSync(join(tmpdir(), 'score-compose-demo-')), 'hello-world');
mkdirSync(dir);
process.chdir(dir);
process.stderr.write(`# project directory: ${dir}\n# $ score-compose init\n`);
let code = await main(['init']);
if (code === 0) {
  process.stderr.write('# $ score-compose generate score.yaml -o -\n');
  code = await main(['generate', 'score.yaml', '-o', '-']);
}
process.exitCode = code;
