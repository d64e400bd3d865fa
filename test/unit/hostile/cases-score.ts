// Hostile Score files: NUL characters in every kind of field, huge and deeply nested YAML, alias
// bombs, several documents, broken placeholders, bytes that are not UTF-8, control characters,
// and Score files that are not regular files. Each is a clean user error naming the file and,
// where it can, the line; or a success whose compose.yaml holds the value exactly.
import { readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HAS_MKFIFO, hostileCase, SCORE, type HostileCase } from '../../helpers/hostile.js';
import { aliasBomb } from './cases-state.js';

const NUL = /must not contain a NUL character/;

/** `generate score.yaml` of `text` (in the initialised project). */
function score(
  name: string,
  text: string | Buffer,
  code: 0 | 1 | 2,
  stderr?: RegExp,
  extra: Partial<HostileCase> = {},
): HostileCase {
  return hostileCase(
    name,
    { setup: (w) => w.write({ 'score.yaml': text }), argv: ['generate', 'score.yaml'] },
    code,
    stderr,
    extra,
  );
}

/** A Score file whose container has `lines` (indented under the container). */
const container = (lines: string) => SCORE('web', lines);

/** Where a NUL can hide in a Score file: each is a field of its own kind. */
const NUL_FIELDS: [string, string][] = [
  ['metadata.name', SCORE('"we\\0b"')],
  [
    'a metadata annotation value',
    SCORE('web').replace('  name: web\n', '  name: web\n  annotations:\n    ab: "x\\0y"\n'),
  ],
  ['a metadata annotation key', SCORE('web').replace('  name: web\n', '  name: web\n  annotations:\n    "a\\0b": x\n')],
  ['a container name', SCORE('web').replace('  main:', '  "ma\\0in":')],
  ['image', SCORE('web').replace('image: busybox', 'image: "busybox\\0:latest"')],
  ['a command item', container('    command: ["sh", "-c\\0"]\n')],
  ['an args item', container('    args: ["a\\0b"]\n')],
  ['a variable value', container('    variables:\n      A: "x\\0y"\n')],
  ['a variable name', container('    variables:\n      "A\\0B": x\n')],
  ['a file target', container('    files:\n      - target: "/etc/x\\0y"\n        content: hi\n')],
  ['a file target (map form key)', container('    files:\n      "/etc/x\\0y":\n        content: hi\n')],
  ['a file mode', container('    files:\n      - target: /etc/x\n        content: hi\n        mode: "0\\0644"\n')],
  ['a volume target', container('    volumes:\n      - target: "/data\\0"\n        source: v\n')],
  ['a volume source', container('    volumes:\n      - target: /data\n        source: "v\\0"\n')],
  ['a volume path', container('    volumes:\n      - target: /data\n        source: v\n        path: "a\\0"\n')],
  ['a probe path', container('    livenessProbe:\n      httpGet:\n        path: "/h\\0"\n        port: 8080\n')],
  [
    'a probe host',
    container('    livenessProbe:\n      httpGet:\n        host: "h\\0"\n        path: /\n        port: 8080\n'),
  ],
  ['a probe command', container('    livenessProbe:\n      exec:\n        command: ["true\\0"]\n')],
  ['a memory limit', container('    resources:\n      limits:\n        memory: "64M\\0i"\n')],
  ['a resource name', `${SCORE()}resources:\n  "d\\0b":\n    type: volume\n`],
  ['a resource type', `${SCORE()}resources:\n  db:\n    type: "vol\\0ume"\n`],
  ['a resource class', `${SCORE()}resources:\n  db:\n    type: volume\n    class: "a\\0"\n`],
  ['a resource id', `${SCORE()}resources:\n  db:\n    type: volume\n    id: "a\\0"\n`],
  ['a resource param value', `${SCORE()}resources:\n  db:\n    type: volume\n    params:\n      x: "a\\0"\n`],
  ['a resource param key', `${SCORE()}resources:\n  db:\n    type: volume\n    params:\n      "x\\0": a\n`],
  ['a service port name', `${SCORE()}service:\n  ports:\n    "w\\0":\n      port: 80\n`],
  ['a service port protocol', `${SCORE()}service:\n  ports:\n    www:\n      port: 80\n      protocol: "TCP\\0"\n`],
];

const nulCases: HostileCase[] = [
  // Fields with a pattern of their own (names, modes, quantities) report the NUL through it.
  ...NUL_FIELDS.map(([field, text]) =>
    score(
      `a NUL (\\0 escape) in ${field}`,
      text,
      1,
      /score\.yaml:\d+:\d+ .*(must not contain a NUL character|\\u0000)/,
    ),
  ),
  score(
    'a raw NUL byte in a variable value',
    container('    variables:\n      A: x\0y\n'),
    1,
    /NUL|control|character/i,
  ),
  score('a raw NUL byte in the image', SCORE('web').replace('busybox', 'busy\0box'), 1, /NUL|control|character/i),
  score(
    'a NUL in file content is data (allowed)',
    container('    files:\n      - target: /etc/x\n        content: "a\\0b"\n'),
    0,
    undefined,
    {
      check: async (w) => {
        const mounted = await readFile(join(w.project, '.score-compose/mounts/files/web-files-x'));
        expect([...mounted]).toEqual([0x61, 0x00, 0x62]);
      },
    },
  ),
];

/** YAML that would take the reader's time or memory, or is not one document. */
const yamlCases: HostileCase[] = [
  score('an alias bomb', `${aliasBomb()}${SCORE()}`, 1, /alias bomb/),
  score(
    'an alias bomb inside a variable',
    `${SCORE()}    variables:\n      X: *a8\n`.replace('apiVersion', `${aliasBomb()}apiVersion`),
    1,
    /alias bomb/,
  ),
  score(
    'an undefined alias is not an alias bomb',
    container('    variables:\n      A: *nothere\n'),
    1,
    /score\.yaml:8:10: .*alias \*nothere has no anchor &nothere before it/,
    { check: (_w, run) => expect(run.stderr).not.toMatch(/alias bomb/) },
  ),
  score(
    'an undefined alias as a whole container',
    SCORE('web').replace('  main:\n    image: busybox\n', '  main: *c\n'),
    1,
    /alias \*c has no anchor/,
    { check: (_w, run) => expect(run.stderr).not.toMatch(/alias bomb/) },
  ),
  score(
    'a few aliases (a real use) are fine',
    `x-img: &img busybox\n${SCORE().replace('image: busybox', 'image: *img')}`,
    1,
    /x-img/,
  ),
  score('a flow sequence nested 5,000 deep', `${SCORE()}x: ${'['.repeat(5_000)}`, 1, /nested too deeply/),
  score(
    'a flow map nested 2,000 deep',
    `${SCORE()}x: ${'{a: '.repeat(2_000)}1${'}'.repeat(2_000)}`,
    1,
    /nested too deeply/,
  ),
  score(
    'block maps nested 1,000 deep',
    `${SCORE()}x:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`,
    1,
    /score\.yaml:\d+:\d+: .*nested too deeply/,
  ),
  score(
    'lists nested 120 deep in metadata (under the limit) are fine',
    SCORE().replace('  name: web\n', `  name: web\n  x: ${'['.repeat(120)}1${']'.repeat(120)}\n`),
    0,
  ),
  score('a file of 70 MiB (over the YAML limit)', `${SCORE()}# ${'x'.repeat(70 * 1024 * 1024)}\n`, 1, /too large/),
  score(
    '40,000 variables (large but fine)',
    container(`    variables:\n${Array.from({ length: 40_000 }, (_, i) => `      V${i}: v${i}\n`).join('')}`),
    0,
  ),
  score('a variable value of 8 MiB', container(`    variables:\n      BIG: ${'y'.repeat(8 * 1024 * 1024)}\n`), 0),
  score(
    'a second YAML document',
    `${SCORE()}---\n${SCORE('other')}`,
    1,
    /score\.yaml:8:1: .*expected one YAML document, found several/,
  ),
  score('a second document after an empty one is still one document', `---\n# c\n---\n${SCORE()}`, 0),
  score('an empty file', '', 1, /metadata/),
  score('a file of only a comment', '# nothing\n', 1, /metadata/),
  score('a list instead of a map', '- a\n- b\n', 1, /the document must be a map of fields/),
  score('a scalar', 'hello\n', 1, /the document must be a map of fields/),
  score('duplicate keys', `${SCORE()}metadata:\n  name: again\n`, 1, /score\.yaml:\d+:\d+: .*unique/),
  score('tabs for indentation', SCORE().replace('    image', '\timage'), 1, /score\.yaml:\d+:\d+: .*[Tt]ab/),
  score('a map as a map key', `${SCORE()}? {a: 1}\n: x\n`, 1, /a map key must be a plain value/),
  score('a byte order mark at the start', `\ufeff${SCORE()}`, 0),
  score(
    'bytes that are not UTF-8 in a variable',
    Buffer.concat([
      Buffer.from(container('    variables:\n      A: "ab')),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"\n'),
    ]),
    1,
    /score\.yaml:8:\d+: .*not valid UTF-8/,
  ),
  score(
    'a truncated UTF-8 sequence at the end',
    Buffer.concat([Buffer.from(container('    variables:\n      A: ab')), Buffer.from([0xe2, 0x82])]),
    1,
    /score\.yaml:8:\d+: .*not valid UTF-8/,
  ),
  score('UTF-16 text', Buffer.from(`\ufeff${SCORE()}`, 'utf16le'), 1, /score\.yaml/),
  score(
    'JSON instead of YAML',
    JSON.stringify({
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'web' },
      containers: { main: { image: 'busybox' } },
    }),
    0,
  ),
  score('a YAML directive and tags', `%YAML 1.2\n---\n${SCORE().replace('image: busybox', 'image: !!str busybox')}`, 0),
  score('a binary tag as the image', SCORE().replace('image: busybox', 'image: !!binary aGk='), 1, /image/),
  score('an unknown tag is ignored', SCORE().replace('image: busybox', 'image: !evil busybox'), 0),
];

/** `${...}` and `$` in values. */
const placeholderCases: HostileCase[] = [
  score(
    'an unterminated placeholder',
    container('    variables:\n      A: "${metadata.name"\n'),
    1,
    /score\.yaml:8:11 .*placeholder \$\{metadata\.name is not closed/,
  ),
  score('a lone ${ at the end', container('    variables:\n      A: "abc${"\n'), 1, /score\.yaml:8:\d+/),
  score('an empty placeholder', container('    variables:\n      A: "${}"\n'), 1, /score\.yaml:8:\d+/),
  score(
    'a placeholder to an unknown resource',
    container('    variables:\n      A: "${resources.nope.x}"\n'),
    1,
    /score\.yaml:8:11 .*no resource with name "nope"/,
  ),
  score('a placeholder with a NUL', container('    variables:\n      A: "${metadata.na\\0me}"\n'), 1, NUL),
  score(
    'nested placeholders',
    container('    variables:\n      A: "${metadata.${metadata.name}}"\n'),
    1,
    /score\.yaml:8:\d+/,
  ),
  score('an escaped $${ stays literal', container('    variables:\n      A: "$${HOME} and $$"\n'), 0, undefined, {
    check: async (w) => {
      const yaml = await readFile(join(w.project, 'compose.yaml'), 'utf8');
      expect(yaml).toContain('A: $${HOME} and $$');
    },
  }),
  score(
    'a shell-style $HOME in a variable is kept for the container',
    container('    variables:\n      A: "$HOME"\n'),
    0,
  ),
  score(
    'a placeholder 100,000 dots deep',
    container(`    variables:\n      A: "\${metadata${'.a'.repeat(100_000)}}"\n`),
    1,
    /score\.yaml:8:\d+/,
  ),
  score(
    '1,000 placeholders in one value',
    container(`    variables:\n      A: "${'${metadata.name}'.repeat(1000)}"\n`),
    0,
  ),
];

/** Control characters, which compose.yaml must carry exactly (escaped) or refuse. */
const controlCases: HostileCase[] = [
  ...(
    [
      ['DEL', '\\x7f'],
      ['U+008A', '\\x8a'],
      ['U+0085 (NEL, a YAML line break)', '\\x85'],
      ['U+2028 (line separator)', '\\u2028'],
      ['ESC', '\\e'],
      ['a bell', '\\a'],
      ['a carriage return', '\\r'],
      ['a vertical tab', '\\v'],
    ] as const
  ).map(([what, escape]) =>
    score(
      `${what} in a variable is written so that it reads back exactly`,
      container(`    variables:\n      A: "x${escape}y"\n`),
      0,
      undefined,
      {
        check: async (w) => {
          const { parseYamlValue } = await import('../../../src/yaml/yaml.js');
          const yaml = await readFile(join(w.project, 'compose.yaml'), 'utf8');
          const expected = JSON.parse(
            `"x${escape.replace('\\x', '\\u00').replace('\\e', '\\u001b').replace('\\a', '\\u0007').replace('\\v', '\\u000b')}y"`,
          ) as string;
          const project = parseYamlValue(yaml, { source: 'compose.yaml' }) as {
            services: Record<string, { environment: Record<string, string> }>;
          };
          expect(project.services['web-main']?.environment['A']).toBe(expected);
        },
      },
    ),
  ),
];

/** The Score file as a path: not a regular file, or not there. */
const fileCases: HostileCase[] = [
  {
    name: 'the Score file is a directory',
    setup: (w) => w.write({ 'dir/x': 'x' }),
    argv: ['generate', 'dir'],
    code: 1,
    stderr: /failed to read 'dir': .*directory/,
  },
  {
    name: 'the Score file does not exist',
    argv: ['generate', 'nope.yaml'],
    code: 1,
    stderr: /failed to read 'nope\.yaml': open nope\.yaml: no such file or directory/,
  },
  {
    name: 'the Score file is /dev/zero',
    argv: ['generate', '/dev/zero'],
    code: 1,
    stderr: /failed to read '\/dev\/zero': .*is a device, not a regular file/,
  },
  {
    name: 'the Score file is /dev/null',
    argv: ['generate', '/dev/null'],
    code: 1,
    stderr: /failed to read '\/dev\/null': .*not a regular file/,
  },
  {
    name: 'the Score file is a link to /dev/urandom',
    setup: (w) => symlink('/dev/urandom', join(w.project, 'score.yaml')),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /not a regular file/,
  },
  {
    name: 'a Score file of 2 GiB (sparse, never read)',
    setup: async (w) => {
      await writeFile(join(w.project, 'score.yaml'), SCORE());
      await truncate(join(w.project, 'score.yaml'), 2 * 1024 ** 3);
    },
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /is too large/,
  },
  {
    name: 'a Score file named with a NUL',
    argv: ['generate', 'score.yaml\0../../x'],
    code: 2,
    stderr: /'score\.yaml\\0\.\.\/\.\.\/x' contains a NUL character/,
  },
  {
    name: 'a Score file outside the project, named on the command line, is read (the user asked)',
    argv: (w) => ['generate', join(w.outside, 'score.yaml'), '-o', '-'],
    code: 0,
    readsOutside: true,
    check: (w, run) => expect(run.stdout).toContain(`LEAK: ${w.secret}`),
  },
  score('a workload name with a path in it', SCORE('../../x'), 1, /metadata\.name/),
  score('a workload name in capitals', SCORE('Web'), 1, /metadata\.name/),
  score('a workload name of 200 characters', SCORE('a'.repeat(200)), 1, /metadata\.name/),
  score('a container name with a slash', SCORE().replace('  main:', '  "a/b":'), 1, /containers/),
  score('a resource name with a dot', `${SCORE()}resources:\n  "a.b":\n    type: volume\n`, 1, /resources/),
  score('a file target that is relative', container('    files:\n      - target: etc/x\n        content: hi\n'), 0),
  // A path inside the container: the file on the host is still named after the target's last part.
  score(
    'a file target with ..',
    container('    files:\n      - target: /etc/../../x\n        content: hi\n'),
    0,
    undefined,
    {
      check: async (w) => {
        expect(await readFile(join(w.project, '.score-compose/mounts/files/web-files-x'), 'utf8')).toBe('hi');
      },
    },
  ),
  score(
    'a file with both content and source',
    container('    files:\n      - target: /etc/x\n        content: hi\n        source: a\n'),
    1,
    /files/,
  ),
  score(
    'a file mode out of range',
    container('    files:\n      - target: /etc/x\n        content: hi\n        mode: "07777777"\n'),
    1,
    /mode/,
  ),
  score('a port number above 65535', `${SCORE()}service:\n  ports:\n    www:\n      port: 70000\n`, 1, /port/),
  score('a port number of 0', `${SCORE()}service:\n  ports:\n    www:\n      port: 0\n`, 1, /port/),
  score(
    'a negative target port',
    `${SCORE()}service:\n  ports:\n    www:\n      port: 80\n      targetPort: -1\n`,
    1,
    /targetPort/,
  ),
  score('a port that is a huge number', `${SCORE()}service:\n  ports:\n    www:\n      port: 1e400\n`, 1, /port/),
];
if (HAS_MKFIFO) {
  fileCases.push({
    name: 'the Score file is a FIFO',
    setup: (w) => w.tripwire(join(w.project, 'score.yaml')),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /failed to read 'score\.yaml': .*is a FIFO/,
  });
}

export const scoreCases: HostileCase[] = [
  ...nulCases,
  ...yamlCases,
  ...placeholderCases,
  ...controlCases,
  ...fileCases,
].map((c) => ({ ...c, name: `Score file: ${c.name}` }));
