// Hostile provisioners: template provisioners whose files, directories and outputs reach for
// paths outside the mounts directory or expand without end, cmd:// programs that fail, print
// garbage or without end, HTTP sources cut short, and `init --provisioners` sources that are not
// files. Each is a clean error (nothing installed, nothing written), or a success that stays
// inside the project.
import { chmod, mkdir, readdir, readFile, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HAS_MKFIFO, hostileCase, SCORE, type HostileCase, type World } from '../../helpers/hostile.js';
import { aliasBomb } from './cases-state.js';

/** A Score file with one resource `r` of type `thing`. */
const SCORE_THING = `${SCORE()}resources:\n  res:\n    type: thing\n`;

/** A template provisioner of type `thing` with `parts` (each a template, as YAML block text). */
function template(parts: Record<string, string>): string {
  const lines = ['- uri: template://hostile/thing', '  type: thing'];
  for (const [key, text] of Object.entries(parts)) {
    lines.push(`  ${key}: |`, ...text.split('\n').map((l) => `    ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

const CUSTOM = '.score-compose/00-custom.provisioners.yaml';

/** `generate` of SCORE_THING with the template provisioner of `parts`. */
function withTemplate(
  name: string,
  parts: Record<string, string>,
  code: 0 | 1,
  stderr?: RegExp,
  extra: Partial<HostileCase> = {},
): HostileCase {
  const setup = (w: World) => w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: template(parts) });
  return hostileCase(`template provisioner: ${name}`, { setup, argv: ['generate', 'score.yaml'] }, code, stderr, extra);
}

const NON_RELATIVE = /failing to write non relative volume directory/;

const templateCases: HostileCase[] = [
  withTemplate('a file ../../outside/x', { files: '../../outside/x: boom' }, 1, NON_RELATIVE),
  withTemplate('a file ../../../outside/secret.txt', { files: '../../../outside/secret.txt: boom' }, 1, NON_RELATIVE),
  withTemplate('a file at an absolute path', { files: '/tmp/hostile-x: boom' }, 1, NON_RELATIVE),
  withTemplate('a file a/../../x', { files: 'a/../../x: boom' }, 1, NON_RELATIVE),
  withTemplate(
    'a file ../state.yaml (the state, beside the mounts)',
    { files: '../state.yaml: boom' },
    1,
    NON_RELATIVE,
  ),
  withTemplate('a file with a NUL in its path', { files: '"a\\0b": boom' }, 1, /NUL/),
  withTemplate('a file deleted outside (null content)', { files: '../../outside/secret.txt: null' }, 1, NON_RELATIVE),
  withTemplate('a file through a link in the mounts directory', { files: 'lnk/x: boom' }, 1, /outside the project/, {
    setup: async (w) => {
      await w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: template({ files: 'lnk/x: boom' }) });
      await symlink(join(w.outside, 'dir'), join(w.project, '.score-compose/mounts/lnk'));
    },
  }),
  withTemplate('a file written over a link to outside replaces the link', { files: 'lnk: boom' }, 0, undefined, {
    setup: async (w) => {
      await w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: template({ files: 'lnk: boom' }) });
      await symlink(join(w.outside, 'secret.txt'), join(w.project, '.score-compose/mounts/lnk'));
    },
    check: async (w) => {
      expect(await readFile(join(w.project, '.score-compose/mounts/lnk'), 'utf8')).toBe('boom');
    },
  }),
  withTemplate(
    'a file whose content is a map',
    { files: 'x:\n  a: 1' },
    1,
    /files\.x: expected the file content as a string/,
  ),
  withTemplate('a directory ../../x', { directories: '../../x: true' }, 1, NON_RELATIVE),
  withTemplate('a directory /etc to delete', { directories: '/etc: false' }, 1, NON_RELATIVE),
  withTemplate('a directory .. to delete', { directories: '"..": false' }, 1, NON_RELATIVE),
  withTemplate('the mounts directory itself to delete', { directories: '".": false' }, 1, /mounts directory itself/),
  withTemplate('the mounts directory itself as a file', { files: '".": boom' }, 1, /mounts directory itself/),
  withTemplate(
    'a directory whose value is a string',
    { directories: 'x: yes please' },
    1,
    /directories\.x: expected true or false/,
  ),
  withTemplate(
    'outputs with an alias bomb',
    { outputs: `${aliasBomb()}a: *a8` },
    1,
    /outputs template failed: .*alias bomb/,
  ),
  withTemplate('outputs with an undefined alias', { outputs: 'a: *nothere' }, 1, /alias \*nothere has no anchor/, {
    check: (_w, run) => expect(run.stderr).not.toMatch(/alias bomb/),
  }),
  withTemplate('outputs nested 5,000 deep', { outputs: `a: ${'['.repeat(5_000)}` }, 1, /nested too deeply/),
  withTemplate(
    'outputs that are a list',
    { outputs: '- a\n- b' },
    1,
    /outputs template failed: failed to decode output: expected a map/,
  ),
  withTemplate('outputs of two documents', { outputs: 'a: 1\n---\nb: 2' }, 0),
  withTemplate('services with an alias bomb', { services: `${aliasBomb()}svc: {image: *a8}` }, 1, /alias bomb/),
  withTemplate(
    'a service with a NUL in its image',
    { services: 'svc:\n  image: "busy\\0box"' },
    1,
    /services\.svc\.image: holds a NUL character/,
  ),
  // Provisioners write compose syntax: ${HOME} is theirs to use, an unclosed ${ is refused.
  withTemplate(
    'a service whose image holds an unclosed ${',
    { services: 'svc:\n  image: "${HOME"' },
    1,
    /services\.svc\.image: .*\(a service written by a provisioner or patch template\)/,
  ),
  withTemplate('a service named with a slash', { services: '"a/b":\n  image: busybox' }, 1, /a\/b/),
  withTemplate('a volume whose name is a NUL', { volumes: '"\\0":\n  driver: local' }, 1, /volume|NUL/),
  withTemplate('a Handlebars syntax error', { outputs: 'a: {{#if}}' }, 1, /outputs template failed/),
  withTemplate('an unknown helper', { outputs: 'a: {{nohelper 1}}' }, 1, /nohelper/),
  withTemplate(
    'info logs with terminal escapes are printed inert',
    { info_logs: '- "\\e[2J\\e]0;pwned\\a cleared"' },
    0,
    /cleared/,
    {
      check: (_w, run) => expect(run.stderr).not.toMatch(/[\u001b\u0007]/),
    },
  ),
  withTemplate(
    'an output holding ${HOME}, $$ and a resource placeholder reaches compose.yaml escaped',
    { outputs: 'a: "${HOME} $$ ${resources.x.y} $"' },
    0,
    undefined,
    {
      setup: (w) =>
        w.write({
          'score.yaml': SCORE_THING.replace(
            '    image: busybox\n',
            '    image: busybox\n    variables:\n      A: ${resources.res.a}\n',
          ),
          [CUSTOM]: template({ outputs: 'a: "${HOME} $$ ${resources.x.y} $"' }),
        }),
      check: async (w) => {
        const yaml = await readFile(join(w.project, 'compose.yaml'), 'utf8');
        expect(yaml).toContain('A: $${HOME} $$$$ $${resources.x.y} $$');
      },
    },
  ),
];

/** The provisioner files in `.score-compose`, as the directory holds them. */
const fileCases: HostileCase[] = [
  {
    name: 'a provisioners file of garbage',
    setup: (w) => w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: ': : [' }),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /failed to load '00-custom\.provisioners\.yaml'/,
  },
  {
    name: 'a provisioners file with an alias bomb',
    setup: (w) => w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: `${aliasBomb()}` }),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /00-custom\.provisioners\.yaml.*alias bomb/,
  },
  {
    name: 'a provisioners file that is a map',
    setup: (w) => w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: 'uri: template://x\ntype: thing\n' }),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /expected a list of provisioner definitions/,
  },
  {
    name: 'a provisioners file with an unknown scheme',
    setup: (w) => w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: '- uri: evil://x\n  type: thing\n' }),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /evil/,
  },
  {
    name: 'a provisioners file that is not UTF-8',
    setup: (w) =>
      w.write({
        'score.yaml': SCORE_THING,
        [CUSTOM]: Buffer.concat([
          Buffer.from('- uri: template://x\n  type: th'),
          Buffer.from([0xc0, 0xaf]),
          Buffer.from('\n'),
        ]),
      }),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /00-custom\.provisioners\.yaml:2:\d+: .*not valid UTF-8/,
  },
  {
    name: 'a provisioners file that is a link to outside is not read',
    setup: async (w) => {
      await w.write({ 'score.yaml': SCORE() });
      await symlink(join(w.outside, 'secret.txt'), join(w.project, CUSTOM));
    },
    argv: ['generate', 'score.yaml'],
    code: 0,
  },
  {
    name: 'a directory named like a provisioners file is not read',
    setup: (w) => w.write({ 'score.yaml': SCORE(), [`${CUSTOM}/x`]: 'x' }),
    argv: ['generate', 'score.yaml'],
    code: 0,
  },
];
if (HAS_MKFIFO) {
  fileCases.push({
    name: 'a FIFO named like a provisioners file is not opened',
    setup: async (w) => {
      await w.write({ 'score.yaml': SCORE() });
      w.tripwire(join(w.project, CUSTOM));
    },
    argv: ['generate', 'score.yaml'],
    code: 0,
  });
}

/** A cmd:// provisioner of type `thing` running the shell script `body`. */
function withCommand(
  name: string,
  body: string,
  code: 0 | 1,
  stderr?: RegExp,
  extra: Partial<HostileCase> = {},
): HostileCase {
  const setup = async (w: World) => {
    await w.write({
      'score.yaml': SCORE_THING,
      [CUSTOM]: '- uri: cmd://./prov.sh\n  type: thing\n',
      'prov.sh': `#!/bin/sh\n${body}\n`,
    });
    await chmod(join(w.project, 'prov.sh'), 0o755);
  };
  return hostileCase(`cmd:// provisioner: ${name}`, { setup, argv: ['generate', 'score.yaml'] }, code, stderr, extra);
}

const commandCases: HostileCase[] = [
  withCommand('exits 1', 'exit 1', 1, /failed to execute cmd provisioner: exit status 1/),
  withCommand('exits 1 after printing a secret to stderr', 'echo "password=hunter2" >&2; exit 3', 1, /exit status 3/, {
    check: (_w, run) => expect(run.stderr).not.toContain('hunter2'),
  }),
  withCommand('kills itself', 'kill -9 $$', 1, /signal: SIGKILL/),
  withCommand('prints garbage', 'echo "not json at all"', 1, /invalid character|json/),
  withCommand('prints a JSON list', 'echo "[1, 2]"', 1, /cannot unmarshal array/),
  withCommand('prints nothing', 'true', 1, /failed to decode output from cmd provisioner: EOF/),
  withCommand('prints bytes that are not UTF-8', 'printf \'{"resource_outputs": {"a": "\\377"}}\'', 1, /UTF-8/),
  withCommand(
    'prints JSON nested 100,000 deep',
    `awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; }'`,
    1,
    /json|JSON|nested/,
  ),
  withCommand('prints output without end', 'yes', 1, /more than .* MiB/),
  withCommand('prints an unknown key', 'echo \'{"surprise": 1}\'', 1, /surprise/),
  withCommand(
    'asks to write a file outside',
    'echo \'{"resource_outputs": {}, "manifests": null, "files": {"../../x": "y"}}\'',
    1,
    /non relative|files|manifests/,
  ),
  withCommand(
    'outputs holding ${HOME} and $$ reach compose.yaml escaped',
    'echo \'{"resource_outputs": {"a": "${HOME} $$ $"}}\'',
    0,
    undefined,
    {
      setup: async (w) => {
        await w.write({
          'score.yaml': SCORE_THING.replace(
            '    image: busybox\n',
            '    image: busybox\n    variables:\n      A: ${resources.res.a}\n',
          ),
          [CUSTOM]: '- uri: cmd://./prov.sh\n  type: thing\n',
          'prov.sh': `#!/bin/sh\necho '{"resource_outputs": {"a": "\${HOME} $$ $"}}'\n`,
        });
        await chmod(join(w.project, 'prov.sh'), 0o755);
      },
      check: async (w) => {
        expect(await readFile(join(w.project, 'compose.yaml'), 'utf8')).toContain('A: $${HOME} $$$$ $$');
      },
    },
  ),
  {
    ...withCommand('is not executable', 'exit 0', 1, /failed to execute cmd provisioner/),
    setup: (w) =>
      w.write({
        'score.yaml': SCORE_THING,
        [CUSTOM]: '- uri: cmd://./prov.sh\n  type: thing\n',
        'prov.sh': '#!/bin/sh\n',
      }),
  },
  {
    ...withCommand('does not exist', '', 1, /failed to execute cmd provisioner|no such file/i),
    setup: (w) => w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: '- uri: cmd://./missing.sh\n  type: thing\n' }),
  },
  {
    ...withCommand('is not on PATH', '', 1, /failed to find 'no-such-provisioner-x' on path/),
    setup: (w) =>
      w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: '- uri: cmd://no-such-provisioner-x\n  type: thing\n' }),
  },
  {
    ...withCommand('a uri with a port', '', 1, /cannot contain a port/),
    setup: (w) => w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: '- uri: cmd://host:22/x\n  type: thing\n' }),
  },
  {
    ...withCommand('a uri with user info', '', 1, /cannot contain user info/),
    setup: (w) => w.write({ 'score.yaml': SCORE_THING, [CUSTOM]: '- uri: cmd://me@host/x\n  type: thing\n' }),
  },
];

/** `init --provisioners <uri>...` with `uri` from the case's world. */
function install(
  name: string,
  uris: (w: World) => string[] | Promise<string[]>,
  code: 0 | 1 | 2,
  stderr?: RegExp,
  extra: Partial<HostileCase> = {},
): HostileCase {
  let argv: string[] = [];
  const setup = async (w: World) => {
    argv = ['init', '--no-sample', ...(await uris(w)).flatMap((u) => ['--provisioners', u])];
  };
  return hostileCase(`init --provisioners: ${name}`, { setup, argv: () => argv }, code, stderr, extra);
}

const GOOD = '- uri: template://ok/thing\n  type: thing\n  outputs: |\n    a: 1\n';

/** Installed provisioner files (the defaults aside). */
async function installed(w: World): Promise<string[]> {
  return (await readdir(join(w.project, '.score-compose'))).filter(
    (n) => n.endsWith('.provisioners.yaml') && !n.startsWith('zz-default'),
  );
}

const installCases: HostileCase[] = [
  install('/dev/zero', () => ['/dev/zero'], 1, /failed to read '\/dev\/zero': is a device, not a regular file/),
  install('file:///dev/zero', () => ['file:///dev/zero'], 1, /failed to read 'file:\/\/\/dev\/zero': is a device/),
  install(
    'file://../../x (a host name, not a path)',
    () => ['file://../../x'],
    2,
    /file:\/\/ must be followed by an absolute path/,
  ),
  install('file://host/x', () => ['file://example.com/x'], 2, /file:\/\/ must be followed by an absolute path/),
  install('a missing file', () => ['nope.yaml'], 1, /failed to read 'nope\.yaml': no such file or directory/),
  install('a NUL in the path', () => ['a\0b'], 2, /contains a NUL character/),
  install(
    'git-https:// without a path in the repository',
    () => ['git-https://example.com/x.git'],
    2,
    /expected a path with/,
  ),
  install('oci:// without a repository', () => ['oci://example.com'], 2, /expected oci:\/\/<registry>\/<repository>/),
  install('ftp://', () => ['ftp://example.com/x'], 2, /unsupported uri scheme 'ftp'/),
  install('a file of garbage', async (w) => (await w.write({ 'p.yaml': ': [' }), ['p.yaml']), 1, /p\.yaml/),
  install(
    'a file with an alias bomb',
    async (w) => (await w.write({ 'p.yaml': aliasBomb() }), ['p.yaml']),
    1,
    /alias bomb/,
  ),
  install(
    'a file that is not UTF-8',
    async (w) => (await w.write({ 'p.yaml': Buffer.from([0x2d, 0x20, 0xff]) }), ['p.yaml']),
    1,
    /not valid UTF-8/,
  ),
  install(
    'A then B, B missing: A is not installed',
    async (w) => (await w.write({ 'a.yaml': GOOD }), ['a.yaml', 'b-missing.yaml']),
    1,
    /b-missing\.yaml/,
  ),
  install(
    'A then B, B invalid: A is not installed',
    async (w) => (await w.write({ 'a.yaml': GOOD, 'b.yaml': '- uri: nope\n' }), ['a.yaml', 'b.yaml']),
    1,
    /b\.yaml/,
  ),
  install(
    'a directory: only its regular files are read',
    async (w) => {
      await w.write({ 'provs/a.yaml': GOOD });
      await symlink(join(w.outside, 'secret.txt'), join(w.project, 'provs/link.yaml'));
      if (HAS_MKFIFO) w.tripwire(join(w.project, 'provs/fifo.yaml'));
      await mkdir(join(w.project, 'provs/sub.yaml'));
      return ['provs'];
    },
    0,
    undefined,
    {
      check: async (w) => expect(await installed(w)).toHaveLength(1),
    },
  ),
  install(
    'file://localhost/<abs path>',
    async (w) => (await w.write({ 'a.yaml': GOOD }), [`file://localhost${join(w.project, 'a.yaml')}`]),
    0,
    undefined,
    {
      check: async (w) => expect(await installed(w)).toHaveLength(1),
    },
  ),
  {
    ...install('- with empty stdin', () => ['-'], 2, /stdin was empty/),
    stdin: '',
  },
  {
    ...install('- with an alias bomb on stdin', () => ['-'], 1, /alias bomb/),
    stdin: aliasBomb(),
  },
  install(
    'an HTTP body cut short',
    async (w) => [
      `${await w.serve((_req, res) => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write(GOOD);
        setTimeout(() => res.destroy(), 20);
      })}/p.yaml`,
    ],
    1,
    /the response was cut short/,
  ),
  install(
    'an HTTP 404',
    async (w) => [`${await w.serve((_req, res) => res.writeHead(404).end('no'))}/p.yaml`],
    1,
    /non-200 status code: 404/,
  ),
  install(
    'an HTTP 500',
    async (w) => [`${await w.serve((_req, res) => res.writeHead(500).end())}/p.yaml`],
    1,
    /non-200 status code: 500/,
  ),
  install(
    'an HTTP body claiming 2 GiB',
    async (w) => [
      `${await w.serve((_req, res) => {
        res.writeHead(200, { 'content-length': String(2 * 1024 ** 3) });
        res.write('- ');
      })}/p.yaml`,
    ],
    1,
    /larger than 1 GiB/,
  ),
  install(
    'an HTTP body of garbage',
    async (w) => [`${await w.serve((_req, res) => res.end(': : ['))}/p.yaml`],
    1,
    /p\.yaml/,
  ),
  install(
    'an HTTP body that is not UTF-8',
    async (w) => [`${await w.serve((_req, res) => res.end(Buffer.from([0x2d, 0x20, 0xfe])))}/p.yaml`],
    1,
    /not valid UTF-8/,
  ),
  install(
    'an HTTP redirect loop',
    async (w) => {
      const base = await w.serve((req, res) => res.writeHead(302, { location: req.url ?? '/' }).end());
      return [`${base}/loop`];
    },
    1,
    /redirect|GET/,
  ),
  install(
    'an HTTP server that closes at once',
    async (w) => [`${await w.serve((req) => req.socket.destroy())}/p.yaml`],
    1,
    /GET .* failed/,
  ),
  install(
    'A (HTTP) then B (HTTP 404): A is not installed',
    async (w) => {
      const base = await w.serve((req, res) => (req.url === '/a.yaml' ? res.end(GOOD) : res.writeHead(404).end()));
      return [`${base}/a.yaml`, `${base}/b.yaml`];
    },
    1,
    /b\.yaml non-200 status code: 404/,
  ),
  {
    name: 'init --patch-templates /dev/zero',
    argv: ['init', '--no-sample', '--patch-templates', '/dev/zero'],
    code: 1,
    stderr: /\/dev\/zero.*not a regular file/,
  },
  {
    name: 'init --patch-templates with a Handlebars syntax error',
    setup: (w) => w.write({ 'patch.tpl': '{{#each}}' }),
    argv: ['init', '--no-sample', '--patch-templates', 'patch.tpl'],
    code: 1,
    stderr: /error parsing patch template from patch\.tpl/,
  },
];
if (HAS_MKFIFO) {
  installCases.push(
    install('a FIFO', (w) => (w.tripwire(join(w.project, 'fifo')), ['fifo']), 1, /failed to read 'fifo': is a FIFO/),
    install(
      'A then a FIFO: A is not installed',
      async (w) => {
        await w.write({ 'a.yaml': GOOD });
        w.tripwire(join(w.project, 'fifo'));
        return ['a.yaml', 'fifo'];
      },
      1,
      /is a FIFO/,
    ),
  );
}

export const provisionerCases: HostileCase[] = [...templateCases, ...fileCases, ...commandCases, ...installCases].map(
  (c) => ({ ...c, name: `provisioners: ${c.name}` }),
);
