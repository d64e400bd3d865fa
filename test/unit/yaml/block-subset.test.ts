// block-subset.ts must read every text it accepts exactly as the yaml package does (with
// parseYaml's options), and leave every other text to the package. Checked on the repository's
// YAML files, the shipped templates' kind of output, and many mutations of them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isCollection, parseAllDocuments, stringify, visit, type Document } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readBlockSubset, writeBlockSubset } from '../../../src/yaml/block-subset.js';
import { parseYaml, stringifyYaml } from '../../../src/yaml/yaml.js';
import { REPO_ROOT } from '../../helpers/cli.js';

const INVALID = Symbol('invalid');

/** What parseYaml makes of `text` with the yaml package alone: the value, or INVALID for an error. */
function oracle(text: string): unknown {
  try {
    const parsed = parseAllDocuments(text, { merge: true, prettyErrors: true, uniqueKeys: true });
    const docs = (Array.isArray(parsed) ? parsed : []) as Document[];
    const empty = (d: Document) =>
      d.contents === null || (!isCollection(d.contents) && (d.contents as { value?: unknown }).value === null);
    const index = docs.findIndex((d) => !empty(d));
    const checked = index === -1 ? docs : docs.slice(0, index + 1);
    if (checked.some((d) => d.errors.length > 0)) return INVALID;
    if (index === -1) return null;
    const doc = docs[index] as Document;
    let complexKey = false;
    visit(doc, {
      Pair(_, pair) {
        if (isCollection(pair.key)) complexKey = true;
      },
    });
    if (complexKey) return INVALID;
    return doc.toJS({ maxAliasCount: 100 }) ?? null;
  } catch {
    return INVALID;
  }
}

/** Whether two values are deeply equal and share objects at the same places (aliases). */
function sameGraph(a: unknown, b: unknown): boolean {
  const ids = [new Map<object, number>(), new Map<object, number>()] as const;
  const walk = (x: unknown, y: unknown): boolean => {
    if (x === null || y === null || typeof x !== 'object' || typeof y !== 'object') return true;
    const [ix, iy] = [ids[0].get(x), ids[1].get(y)];
    if (ix !== iy) return false;
    if (ix !== undefined) return true;
    ids[0].set(x, ids[0].size);
    ids[1].set(y, ids[1].size);
    const keys = Object.keys(x);
    return keys.every((k) => walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]));
  };
  return isDeepStrictEqual(a, b) && walk(a, b);
}

/** Checks one text; returns whether the subset reader took it. */
function check(text: string): boolean {
  const quick = readBlockSubset(text);
  if (quick === undefined) return false;
  const expected = oracle(text);
  if (expected === INVALID || !sameGraph(quick.value, expected)) {
    expect.fail(
      `block-subset read ${JSON.stringify(text)} as ${JSON.stringify(quick.value)}; yaml: ${expected === INVALID ? 'invalid' : JSON.stringify(expected)}`,
    );
  }
  return true;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yamlFiles(path, out);
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

/** A small deterministic random source (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = [
  ' ',
  '  ',
  ':',
  ': ',
  '-',
  '- ',
  '#',
  ' #',
  '"',
  "'",
  '|',
  '|-',
  '|+',
  '>',
  '\n',
  '\n\n',
  '[',
  ']',
  '{',
  '}',
];
const MORE_INSERTS = [
  ',',
  '&a ',
  '*a',
  '!',
  '?',
  '%',
  '@',
  '`',
  '\\',
  'x',
  '0',
  '1',
  '.',
  '~',
  '\t',
  '\r',
  'null',
  'e5',
];

function mutate(text: string, rnd: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const at = Math.floor(rnd() * (text.length + 1));
  const lines = text.split('\n');
  const line = Math.floor(rnd() * lines.length);
  switch (Math.floor(rnd() * 7)) {
    case 0:
      return text.slice(0, at) + pick([...INSERTS, ...MORE_INSERTS]) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 3));
    case 2:
      lines[line] = ' '.repeat(1 + Math.floor(rnd() * 2)) + (lines[line] ?? '');
      return lines.join('\n');
    case 3:
      lines[line] = (lines[line] ?? '').replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 4:
      lines.splice(line, 0, lines[Math.floor(rnd() * lines.length)] ?? '');
      return lines.join('\n');
    case 5:
      return text.slice(0, at);
    default:
      return text.slice(0, at) + pick(INSERTS) + pick(MORE_INSERTS) + text.slice(at);
  }
}

// Output of the kind the default provisioners' templates render (see provisioners/*.yaml).
const RENDERED = [
  'host: "dnsxhqitp.localhost"\nurl: "http://dnsxhqitp.localhost:8080"',
  'serviceName: "pg-FqTg9U"\ninstancePassword: "pSbIrTDcvCoJOPEK"\npublishPort: 0\ndatabase: "db-FVvWfZCE"',
  'default-provisioners-postgres-instance:\n  instanceServiceName: "pg-FqTg9U"\n  publishPort: 0\n',
  'pg-x-db-scripts/db-y.sql: |\n  SELECT \'CREATE DATABASE "db"\' WHERE NOT EXISTS (SELECT 1)\\gexec\n  \\connect "db"\n',
  [
    'pg-FqTg9U:',
    '  image: mirror.gcr.io/postgres:17-alpine',
    '  environment:',
    '    POSTGRES_PASSWORD: "pSbIrTDcvCoJOPEK"',
    '  healthcheck:',
    '    test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "postgres"]',
    '    interval: 1s',
    '    retries: 15',
    '  volumes:',
    '    - type: volume',
    '      source: pg-FqTg9U-data',
    'pg-FqTg9U-init:',
    '  entrypoint: ["/bin/sh", "-c"]',
    '  command:',
    '    - |',
    '      set -e',
    '      for script in /db-scripts/*.sql; do',
    '        [ -f "$$script" ] || continue',
    '      done',
    '  labels:',
    '    dev.score.compose.labels.is-init-container: "true"',
    '  depends_on:',
    '    pg-FqTg9U:',
    '      condition: service_healthy',
    '      restart: true',
  ].join('\n'),
  "- 'To connect to postgres: docker run -it --rm psql -h pg (the password is in: get-outputs x#y.db)'",
  'targetPort: 3000\ntarget: "hello-world:3000"\n\n\npathType: "Prefix"\n\n\nport: 8080\n',
  'hosts:\n  "dns.localhost":\n    "route.default#hello-world.route":\n      path: "/"\n      server_snippet: null\n',
  'routing/nginx.conf: |\n  events {\n    worker_connections 4096;\n  }\n  http {\n    # a comment\n    resolver 127.0.0.11;\n  \n    server {\n    }\n  }\n',
  'a: |-\n  x\n\n  y\n\nb: 1',
  'a:\n  - -h\n  - "1"\n  - ~\n  - 0\n  - 12s\n  - .hidden\n  - x: 1\n    y: [a, "b", \'c\']\n  -\n    z: {}\n',
  '',
  '# only a comment\n',
  'a: x\u00a0\nb: y\u3000z\nd:\n  - "\u3000"\n',
  // The state file names an object met twice with an anchor, and refers to it with an alias.
  'workloads:\n  w:\n    resources:\n      route:\n        params: &a1\n          host: x\n          port: 8080\nresources:\n  route.default#hello-world.route:\n    params: *a1\n    empty: &a2 {}\n    again: *a2\n    list: &a3\n      - 1\n    more:\n      - *a3\n      - *a1\n',
];

describe('readBlockSubset', () => {
  it('reads the block YAML the tool reads most, as the yaml package does', () => {
    for (const text of RENDERED) expect(check(text), text).toBe(true);
  });

  it('reads what yaml writes (the state, compose files) as the yaml package does', () => {
    const values: unknown[] = [
      { a: 'x', b: ['1', 1, null, true, 'true', '0x1F', '1.5', '', ' lead', 'trail ', 'a: b', 'a #b', '#c'] },
      { nested: { list: [{ k: 'v', l: ['m'] }, [], {}], text: 'line one\nline two\n', quoted: 'it\'s "q"' } },
      { keys: { '1': 'one', true: 'yes', 'with space': 1, 'dot.ted/slash': 2, '': 3 } },
      [{ a: 1 }, 'b', ['c', ['d']], '- e', 'x\n\n', 'x\n'],
    ];
    for (const value of values) {
      for (const options of [{ indentSeq: true, lineWidth: 0, minContentWidth: 0 }, { indentSeq: false }, {}]) {
        const text = stringify(value, options);
        check(text);
        expect(parseYaml(text, { source: 't' }).value).toStrictEqual(oracle(text));
      }
    }
  });

  it('reads the repository YAML files it accepts as the yaml package does', () => {
    let taken = 0;
    for (const file of yamlFiles(REPO_ROOT)) if (check(readFileSync(file, 'utf8'))) taken++;
    expect(taken).toBeGreaterThan(10);
  });

  it('never reads a mutated text differently from the yaml package', () => {
    const rnd = random(20260);
    const seeds = [
      ...RENDERED,
      ...yamlFiles(REPO_ROOT)
        .map((f) => readFileSync(f, 'utf8'))
        .filter((t) => t.length < 4000),
    ];
    let taken = 0;
    for (let i = 0; i < 6000; i++) {
      let text = seeds[i % seeds.length] as string;
      for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) text = mutate(text, rnd);
      if (check(text)) taken++;
    }
    // Most mutations are still plain block YAML: the comparison is not vacuous.
    expect(taken).toBeGreaterThan(1000);
  });

  it('leaves anchors, tags, flow maps, folded scalars and several documents to the yaml package', () => {
    for (const text of [
      'a: &x 1\nb: *x',
      'a: *x\nb: &x\n  c: 1',
      'a: &x\n  b: *x',
      'a: &x\n  b: 1\nc: &x\n  d: 2\ne: *x',
      'a: &x\n  b: 1\nc: &y\n  d: *x\ne: *y',
      'a: !!str 1',
      'a: {b: 1}',
      'a: >\n  folded\n',
      'a: 1\n---\nb: 2',
      '<<: {a: 1}',
      'a:\n- indentless',
      'a: 1 # comment',
      'a: "multi\n  line"',
      'a: 1.5',
      'a:\tb',
      'a: foo\n  bar',
      '- foo\n  bar',
      '- a: foo\n    bar',
    ])
      expect(readBlockSubset(text), text).toBeUndefined();
  });

  it('gives positions through a full parse when asked', () => {
    const doc = parseYaml('a:\n  b: 1\n  c: [x]\n', { source: 'f.yaml' });
    expect(doc.value).toEqual({ a: { b: 1, c: ['x'] } });
    expect(doc.locate(['a', 'c'])).toEqual({ line: 3, col: 3 });
    expect(doc.locate(['a', 'b'])).toEqual({ line: 2, col: 6 });
  });
});

const TEXTS = [
  '',
  ' ',
  'a',
  'b c',
  'x:y',
  'x: y',
  'x:',
  ':x',
  '#',
  'a #b',
  'a#b',
  '-',
  '- a',
  '-a',
  '?',
  '? a',
  ': ',
  '"',
  "'",
  "it's",
  'say "hi"',
  `both ' "`,
  '\n',
  'a\n',
  'a\nb',
  'a\n\n',
  'a\nb\n',
  ' a\nb',
  '\na',
  'a\n b',
  'a  \n',
  'a\n  ',
  'a\t',
  '\tb',
  'a\tb',
  'a\t\nb',
  'a\n\n\nb\n',
  'true',
  'True',
  'FALSE',
  'yes',
  'null',
  'Null',
  '~',
  '1',
  '-1',
  '007',
  '1.5',
  '0x1F',
  '0o7',
  '.inf',
  '-.Inf',
  '.nan',
  '1e3',
  '1_000',
  '---',
  '...',
  '%x',
  'a\n---\nb',
  'a\n...',
  '@x',
  '`x',
  '|',
  '|-',
  '>',
  '{',
  '}',
  '[a]',
  'x,y',
  '\\',
  'a\\nb',
  '\u00e9',
  '\u{1F600}',
  '\u0001',
  '\u0085',
  '\u00a0',
  ' \u00a0',
  '\u00a0x\u3000',
  'a:\u2000b',
  '\u2028',
  '\ud800',
  'x'.repeat(1100),
  '&a',
  '*a',
  '!t',
  'a: |',
  ' - ',
  'k=v',
  '$VAR',
  '${resources.db.host}',
  'http://x:80/y',
];

const SHARED = [{ shared: 'map' }, ['shared', 'list'], {}, [], new Map([['m', 1]])];

function randomValue(rnd: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const r = rnd();
  if (r > 0.97) return pick(SHARED);
  if (depth > 3 || r < 0.45) {
    return pick<unknown>([
      ...TEXTS,
      ...TEXTS,
      0,
      -0,
      1.5,
      1e21,
      42,
      -7,
      0.1,
      NaN,
      Infinity,
      -Infinity,
      true,
      false,
      null,
    ]);
  }
  const size = Math.floor(rnd() * 4);
  if (r < 0.65) return Array.from({ length: size }, () => (rnd() < 0.03 ? undefined : randomValue(rnd, depth + 1)));
  const entries: [string, unknown][] = Array.from({ length: size }, () => [
    pick(TEXTS),
    rnd() < 0.05 ? undefined : randomValue(rnd, depth + 1),
  ]);
  return r < 0.8 ? new Map(entries) : Object.fromEntries(entries);
}

describe('writeBlockSubset', () => {
  const OPTIONS = { indentSeq: true, lineWidth: 0, minContentWidth: 0 };

  it('writes what the yaml package writes, for every value it takes', () => {
    const rnd = random(77);
    let taken = 0;
    for (let i = 0; i < 20000; i++) {
      const value = randomValue(rnd, 0);
      const quick = writeBlockSubset(value);
      if (quick === undefined) continue;
      taken++;
      expect(quick, JSON.stringify(value)).toBe(stringify(value, OPTIONS));
      check(quick); // and read back as the package reads it, aliases included
    }
    expect(taken).toBeGreaterThan(5000);
  });

  it('writes the shapes of a compose file and a state file', () => {
    const shared = { a: 1 };
    const compose = new Map<string, unknown>([
      ['name', 'proj'],
      [
        'services',
        new Map([
          [
            'web',
            new Map<string, unknown>([
              ['image', 'mirror.gcr.io/nginx:1-alpine'],
              ['command', ['/bin/sh', '-c', 'set -e\nfor x in a b; do\n  echo "$$x"\ndone\n']],
              [
                'environment',
                new Map([
                  ['PORT', '3000'],
                  ['DEBUG', 'true'],
                  ['EMPTY', ''],
                  ['URL', 'http://x:1/y'],
                ]),
              ],
              [
                'ports',
                [
                  new Map<string, unknown>([
                    ['target', 80],
                    ['published', '8080'],
                  ]),
                ],
              ],
              ['healthcheck', { test: ['CMD', 'true'], interval: '1s' }],
            ]),
          ],
        ]),
      ],
      ['volumes', new Map([['data', {}]])],
    ]);
    for (const value of [compose, { workloads: { w: { spec: { a: 'b' } } }, resources: {} }, [[], {}, [[]]]]) {
      expect(writeBlockSubset(value)).toBe(stringify(value, OPTIONS));
      expect(stringifyYaml(value)).toBe(stringify(value, OPTIONS));
    }
    // An object met twice: an anchor and an alias, as the package writes them.
    expect(writeBlockSubset({ x: shared, y: [shared] })).toBe('x: &a1\n  a: 1\ny:\n  - *a1\n');
    // Left to the package: a top-level scalar, a class instance, an object inside itself.
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    for (const value of ['text', { when: new Date(0) }, loop]) expect(writeBlockSubset(value)).toBeUndefined();
    expect(stringifyYaml({ when: new Date(0) })).toBe(stringify({ when: new Date(0) }, OPTIONS));
  });
});
