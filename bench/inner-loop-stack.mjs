// The stack of the inner-loop benchmark (bench/inner-loop.mjs), written the same way for both
// tools: two routed workloads behind the shared nginx router.
//   web  busybox httpd serving /www/index.html (a Score `files` entry with `source: site/index.html`)
//        and /www/greeting.txt, which its entrypoint writes from the variable GREETING at start;
//   app  an image built from app/ (FROM busybox, COPY index.html), serving that file.
// Ours runs the Score files (`score-compose watch` / `up`). Compose runs a copy of the compose
// file `score-compose generate` wrote for the same Score files, with the changes compose 2.26
// needs to express the same edits (see composeWatchFile). Every edit is saved the way editors
// do: written to a temporary file beside it, then renamed over it.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { parseDocument } from 'yaml';
import { runQuiet } from './proc.mjs';

/** What the stack serves before any edit. */
export const INITIAL = { index: 'index-0', greeting: 'greeting-0', app: 'app-0' };

/** The compose file compose runs: the generated one plus `develop.watch` and what sync needs. */
export const COMPOSE_WATCH_FILE = 'compose.watch.yaml';

/** Images both tools use or build from. */
export const INNER_LOOP_IMAGES = ['busybox:latest', 'mirror.gcr.io/nginx:1-alpine', 'alpine'];

const ROUTE_ANNOTATION = 'compose.score.dev/route-provisioner-port';

function routedResources(port) {
  const annotations = `    metadata:\n      annotations:\n        ${ROUTE_ANNOTATION}: "${port}"\n`;
  return `service:
  ports:
    http:
      port: 8080
      targetPort: 3000
resources:
  dns:
    type: dns
${annotations}  route:
    type: route
${annotations}    params:
      host: \${resources.dns.host}
      path: /
      port: 8080
`;
}

/** The `web` workload: a served file from `site/index.html` and a variable written to a file at start. */
export function webScore(port, greeting = INITIAL.greeting) {
  return `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: busybox:latest
    command: ["sh", "-c"]
    args: ["trap 'exit 0' TERM; echo \\"$GREETING\\" > /www/greeting.txt; httpd -f -p 3000 -h /www & wait"]
    variables:
      GREETING: "${greeting}"
    files:
      - target: /www/index.html
        source: ./site/index.html
${routedResources(port)}`;
}

/** The `app` workload: an image built from `app/` (`--build app.main=./app`). */
export function appScore(port) {
  return `apiVersion: score.dev/v1b1
metadata:
  name: app
containers:
  main:
    image: .
${routedResources(port)}`;
}

/** The Score files and flags every command of ours gets. */
export const SCORE_ARGS = ['score.yaml', 'app.score.yaml', '--build', 'app.main=./app'];

const APP_DOCKERFILE = `FROM busybox:latest
COPY index.html /www/index.html
CMD ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 3000 -h /www & wait"]
`;

// Compose 2.26 syncs only into services with a build section, and cannot sync onto a bind-mounted
// file (unlinkat: device or resource busy): its copy of `web` bakes the file into an image instead.
const SITE_DOCKERFILE = `FROM busybox:latest
COPY index.html /www/index.html
`;

/** Writes the project files (Score files, served files, build contexts) into `dir`. */
export function writeStackFiles(dir, port) {
  mkdirSync(join(dir, 'site'), { recursive: true });
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, 'score.yaml'), webScore(port));
  writeFileSync(join(dir, 'app.score.yaml'), appScore(port));
  writeFileSync(join(dir, 'site', 'index.html'), INITIAL.index);
  writeFileSync(join(dir, 'site', 'Dockerfile'), SITE_DOCKERFILE);
  writeFileSync(join(dir, 'app', 'index.html'), INITIAL.app);
  writeFileSync(join(dir, 'app', 'Dockerfile'), APP_DOCKERFILE);
}

let saves = 0;

/** Saves `text` to `path` as editors do (write a temporary file beside it, rename it over); returns the time. */
export function saveFile(path, text) {
  saves += 1;
  const tmp = join(dirname(path), `.${path.split('/').pop()}.${process.pid}-${saves}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  return { epoch: Date.now(), hr: process.hrtime.bigint() };
}

/**
 * Turns the compose file `score-compose generate` wrote into the one compose runs, changing only
 * what compose 2.26 needs: `web-main` is built from `site/` (image FROM busybox with index.html
 * copied in) instead of bind-mounting the generated copy of index.html, and has a `sync` rule for
 * site/index.html; `app-main` (already built from app/) has a `rebuild` rule for app/.
 */
export function composeWatchFile(generated) {
  const doc = parseDocument(generated);
  const web = doc.getIn(['services', 'web-main']);
  const app = doc.getIn(['services', 'app-main']);
  if (web === undefined || app === undefined) throw new Error('the generated compose file lacks web-main or app-main');
  web.delete('image');
  web.set('build', doc.createNode({ context: './site' }));
  const volumes = doc.getIn(['services', 'web-main', 'volumes']);
  const kept = (volumes?.toJSON() ?? []).filter((v) => v.target !== '/www/index.html');
  if (kept.length > 0) web.set('volumes', doc.createNode(kept));
  else web.delete('volumes');
  web.set(
    'develop',
    doc.createNode({ watch: [{ action: 'sync', path: './site/index.html', target: '/www/index.html' }] }),
  );
  app.set('develop', doc.createNode({ watch: [{ action: 'rebuild', path: './app' }] }));
  return doc.toString({ lineWidth: 0 });
}

/** The compose file with the `web` workload's GREETING set to `greeting` (what a user edits for compose). */
export function withComposeGreeting(text, greeting) {
  const doc = parseDocument(text);
  doc.setIn(['services', 'web-main', 'environment', 'GREETING'], greeting);
  return doc.toString({ lineWidth: 0 });
}

/** Runs ours to completion (untimed), throwing with its output on failure. */
export function cliOk(cli, dir, args) {
  const r = runQuiet(process.execPath, [cli, ...args], { cwd: dir, timeoutMs: 300_000 });
  if (r.code !== 0) throw new Error(`score-compose ${args.join(' ')} failed in ${dir}:\n${r.stderr}`);
  return r.stdout;
}

/** The dns host of a workload (`dns.default#<workload>.dns`), where the router serves it. */
export function dnsHost(cli, dir, workload) {
  return cliOk(cli, dir, ['resources', 'get-outputs', `dns.default#${workload}.dns`, '-f', '{{host}}']).trim();
}

/**
 * Sets up one tool's project in `dir` (compose project `name`, router on `port`): the files,
 * `init`, and for compose a `generate` plus the watch file. Resolves to the hosts to request.
 */
export function prepareStack({ cli, dir, name, port, tool }) {
  mkdirSync(dir, { recursive: true });
  writeStackFiles(dir, port);
  cliOk(cli, dir, ['init', '--project', name, '--no-sample']);
  // Ours generates in its first `watch`; generating here too only fixes the dns hosts up front.
  cliOk(cli, dir, ['generate', ...SCORE_ARGS]);
  if (tool === 'compose')
    writeFileSync(join(dir, COMPOSE_WATCH_FILE), composeWatchFile(readFileSync(join(dir, 'compose.yaml'), 'utf8')));
  return { dir, name, port, tool, hosts: { web: dnsHost(cli, dir, 'web'), app: dnsHost(cli, dir, 'app') } };
}

/** GET http://127.0.0.1:<port><path> with a Host header; resolves to { status, body } or rejects. */
export function httpGet(port, host, path, timeoutMs = 2_000) {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host: `${host}:${port}` }, timeout: timeoutMs, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** The three things the stack serves, each as { host, path } for a prepared stack. */
export function endpoints(stack) {
  return {
    index: { host: stack.hosts.web, path: '/' },
    greeting: { host: stack.hosts.web, path: '/greeting.txt' },
    app: { host: stack.hosts.app, path: '/' },
  };
}

/** The body served at an endpoint, trimmed (the greeting file ends with a newline); undefined on any error. */
export async function served(stack, endpoint) {
  const res = await httpGet(stack.port, endpoint.host, endpoint.path).catch(() => undefined);
  return res?.status === 200 ? res.body.trim() : undefined;
}

/**
 * Polls an endpoint every `everyMs` (requests overlap, so one slow answer does not hold the
 * next) until it serves `expected` (any page when undefined); resolves to the epoch ms and hrtime of the first such
 * answer, or undefined after `timeoutMs`.
 */
export function waitForBody(stack, endpoint, expected, { everyMs = 20, timeoutMs = 120_000, maxInFlight = 40 } = {}) {
  return new Promise((resolve) => {
    let done = false;
    let inFlight = 0;
    const finish = (value) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      clearTimeout(deadline);
      resolve(value);
    };
    const attempt = () => {
      if (done || inFlight >= maxInFlight) return;
      inFlight += 1;
      served(stack, endpoint).then((body) => {
        inFlight -= 1;
        if (body !== undefined && (expected === undefined || body === expected))
          finish({ epoch: Date.now(), hr: process.hrtime.bigint() });
      });
    };
    const timer = setInterval(attempt, everyMs);
    const deadline = setTimeout(() => finish(undefined), timeoutMs);
    attempt();
  });
}
