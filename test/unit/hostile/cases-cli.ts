// Hostile command lines: output and env files that are directories, links or FIFOs, overrides
// files that are not files, flag values out of range or holding NUL characters, and commands that
// need an engine when none answers. Each is the README's exit code with nothing changed, or a
// success that writes where the user asked and nowhere else.
import { lstat, mkdir, readFile, stat, symlink } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { HAS_MKFIFO, hostileCase, SCORE, type HostileCase } from '../../helpers/hostile.js';
import { aliasBomb } from './cases-state.js';

/** A null character device beside the project (made on first use), or /dev/null without root. */
function nullDevice(w: { project: string }): string {
  if (process.getuid?.() !== 0) return '/dev/null';
  const path = join(dirname(w.project), 'null-device');
  if (!existsSync(path)) execFileSync('mknod', ['-m', '666', path, 'c', '1', '3']);
  return path;
}

/** `generate score.yaml <flags>` after a first good generate (so compose.yaml and the state exist). */
function generate(
  name: string,
  flags: string[],
  code: 0 | 1 | 2,
  stderr?: RegExp,
  extra: Partial<HostileCase> = {},
): HostileCase {
  return hostileCase(name, { base: 'generated', argv: ['generate', 'score.yaml', ...flags] }, code, stderr, extra);
}

const outputCases: HostileCase[] = [
  generate(
    '-o naming a directory',
    ['-o', '.score-compose'],
    1,
    /refusing to write output file '.*\.score-compose': it is a directory/,
  ),
  generate('-o naming the project directory', ['-o', '.'], 1, /output file/),
  generate('-o in a directory that does not exist', ['-o', 'nope/compose.yaml'], 1, /nope\/compose\.yaml/),
  generate(
    '-o naming the state file',
    ['-o', '.score-compose/state.yaml'],
    2,
    /output file '.*state\.yaml': it is the state file this run writes as well/,
  ),
  generate(
    '-o naming the state file through a link',
    ['-o', 'sc/state.yaml'],
    2,
    /it is the state file this run writes as well/,
    {
      setup: (w) => symlink('.score-compose', join(w.project, 'sc')),
    },
  ),
  generate('-o naming the overrides record', [], 2, /it is the workload inputs file this run writes as well/, {
    argv: [
      'generate',
      'score.yaml',
      '--override-property',
      'metadata.x=1',
      '-o',
      '.score-compose/workload-inputs.yaml',
    ],
  }),
  generate('-o naming a file in the mounts directory', ['-o', '.score-compose/mounts/x.yaml'], 0),
  generate('-o empty', ['-o', ''], 2, /no output file specified/),
  // A device and a link to one, made beside the project (never the machine's own /dev/null and
  // /dev/stdout: a regression here would replace them). Making a device needs root; without it the
  // run could not replace /dev/null either, so that is used instead.
  {
    ...generate(
      '-o naming a device: neither replaced nor written',
      [],
      1,
      /refusing to write output file '.*': it is a device, not a regular file/,
    ),
    argv: (w) => ['generate', 'score.yaml', '-o', nullDevice(w)],
    check: async (w) => expect((await stat(nullDevice(w))).isCharacterDevice()).toBe(true),
  },
  {
    ...generate(
      '-o naming a link outside the project (like /dev/stdout): not replaced',
      [],
      1,
      /refusing to write output file '.*': it is a symbolic link outside the project directory/,
    ),
    setup: (w) => symlink(nullDevice(w), join(dirname(w.project), 'stdout-link')),
    argv: (w) => ['generate', 'score.yaml', '-o', join(dirname(w.project), 'stdout-link')],
    check: async (w) => expect((await lstat(join(dirname(w.project), 'stdout-link'))).isSymbolicLink()).toBe(true),
  },
  {
    ...generate('-o naming a link to a file outside: the link is replaced, not written through', ['-o', 'out.yaml'], 0),
    setup: (w) => symlink(join(w.outside, 'secret.txt'), join(w.project, 'out.yaml')),
    check: async (w) => expect(await readFile(join(w.project, 'out.yaml'), 'utf8')).toMatch(/^name: project/m),
  },
  {
    ...generate('-o naming a link to a directory outside: the link is replaced', ['-o', 'out'], 0),
    setup: (w) => symlink(join(w.outside, 'dir'), join(w.project, 'out')),
    check: async (w) => expect(await readFile(join(w.project, 'out'), 'utf8')).toMatch(/^services:/m),
  },
  generate('-o - prints and writes no compose.yaml', ['-o', '-'], 0, undefined, {
    check: (_w, run) => expect(run.stdout).toMatch(/^services:/m),
  }),
  generate('--env-file naming a directory', ['--env-file', '.score-compose'], 1, /env file/),
  generate('--env-file in a directory that does not exist', ['--env-file', 'nope/.env'], 1, /nope\/\.env/),
  generate(
    '--env-file naming the state file',
    ['--env-file', '.score-compose/state.yaml'],
    2,
    /env file '.*state\.yaml': it is the state file this run writes as well/,
  ),
  generate(
    '--env-file naming the output file',
    ['--env-file', 'compose.yaml'],
    2,
    /output file '.*compose\.yaml': it is the env file this run writes as well/,
  ),
  {
    ...generate('--env-file naming a link to a file outside: the link is replaced', ['--env-file', '.env'], 0),
    setup: (w) => symlink(join(w.outside, 'secret.txt'), join(w.project, '.env')),
    check: async (w) => expect(await readFile(join(w.project, '.env'), 'utf8')).toBe(''),
  },
];
if (HAS_MKFIFO) {
  outputCases.push(
    {
      ...generate(
        '-o naming a FIFO',
        ['-o', 'fifo'],
        1,
        /output file '.*fifo': it is a FIFO \(named pipe\), not a regular/,
      ),
      setup: (w) => w.tripwire(join(w.project, 'fifo')),
    },
    {
      ...generate('--env-file naming a FIFO', ['--env-file', 'fifo'], 1, /env file '.*fifo': it is a FIFO/),
      setup: (w) => w.tripwire(join(w.project, 'fifo')),
    },
  );
}

const OVERRIDES = /--overrides-file '.*' is invalid/;
const overrideCases: HostileCase[] = [
  generate(
    '--overrides-file /dev/zero',
    ['--overrides-file', '/dev/zero'],
    1,
    /--overrides-file '\/dev\/zero' is invalid, failed to read file: .*not a regular file/,
  ),
  generate('--overrides-file naming a directory', ['--overrides-file', '.score-compose'], 1, OVERRIDES),
  generate('--overrides-file missing', ['--overrides-file', 'nope.yaml'], 1, /no such file/),
  {
    ...generate('--overrides-file with an alias bomb', ['--overrides-file', 'ov.yaml'], 1, /alias bomb/),
    setup: (w) => w.write({ 'ov.yaml': aliasBomb() }),
  },
  {
    ...generate('--overrides-file that is a list', ['--overrides-file', 'ov.yaml'], 1, OVERRIDES),
    setup: (w) => w.write({ 'ov.yaml': '- a\n' }),
  },
  {
    ...generate(
      '--overrides-file with two documents',
      ['--overrides-file', 'ov.yaml'],
      1,
      /expected one YAML document/,
    ),
    setup: (w) => w.write({ 'ov.yaml': 'a: 1\n---\nb: 2\n' }),
  },
  {
    ...generate(
      '--overrides-file that is not UTF-8',
      ['--overrides-file', 'ov.yaml'],
      1,
      /ov\.yaml:1:\d+: .*not valid UTF-8/,
    ),
    setup: (w) => w.write({ 'ov.yaml': Buffer.from([0x61, 0x3a, 0x20, 0xff, 0x0a]) }),
  },
  {
    ...generate('--overrides-file setting a NUL in the image', ['--overrides-file', 'ov.yaml'], 1, /NUL/),
    setup: (w) => w.write({ 'ov.yaml': 'containers:\n  main:\n    image: "a\\0b"\n' }),
  },
  {
    ...generate(
      '--overrides-file that is a link to a file outside (named by the user: read)',
      ['--overrides-file', 'ov.yaml'],
      0,
    ),
    setup: (w) => symlink(join(w.outside, 'overrides.yaml'), join(w.project, 'ov.yaml')),
    readsOutside: true,
  },
  generate('--override-property without =', ['--override-property', 'containers.main.image'], 1, /override-property|=/),
  generate(
    '--override-property with an empty path',
    ['--override-property', '=x'],
    1,
    /'=x' is invalid, the path is empty/,
  ),
  generate(
    '--override-property with an empty part',
    ['--override-property', 'containers..image=x'],
    1,
    /an empty part/,
  ),
  generate('--override-property with a NUL', ['--override-property', 'containers.main.image="a\\0b"'], 1, /NUL/),
  generate(
    '--override-property with an alias bomb',
    ['--override-property', `metadata.x=${aliasBomb().replace(/\n/g, ', ').replace(/^/, '{').replace(/, $/, '}')}`],
    1,
    /alias bomb|override/,
  ),
  generate('--override-property deleting the image', ['--override-property', 'containers.main.image='], 1, /image/),
  generate(
    '--override-property through a list index out of range',
    ['--override-property', 'containers.main.args.99=x'],
    1,
    /args/,
  ),
  generate(
    '--override-property with a value nested 5,000 deep',
    ['--override-property', `metadata.x=${'['.repeat(5_000)}`],
    1,
    /nested too deeply/,
  ),
];
if (HAS_MKFIFO) {
  overrideCases.push({
    ...generate('--overrides-file naming a FIFO', ['--overrides-file', 'fifo'], 1, /is a FIFO/),
    setup: (w) => w.tripwire(join(w.project, 'fifo')),
  });
}

const flagCases: HostileCase[] = [
  generate('--publish 99999:web:80', ['--publish', '99999:web:80'], 1, /host port must be <= 65535/),
  generate('--publish 8080:web:99999', ['--publish', '8080:web:99999'], 1, /container port must be <= 65535/),
  generate('--publish -5:web:80', ['--publish', '-5:web:80'], 1, /host port/),
  generate('--publish abc:web:80', ['--publish', 'abc:web:80'], 1, /could not parse host port 'abc'/),
  generate('--publish 1e3:web:80', ['--publish', '1e3:web:80'], 1, /could not parse host port/),
  generate('--publish 8080:nope:80 (unknown workload)', ['--publish', '8080:nope:80'], 1, /nope/),
  generate('--publish 8080:web (no container port)', ['--publish', '8080:web'], 1, /publish/),
  generate('--image with a NUL', ['--image', 'a\0b'], 1, /image: holds a NUL character/, {
    setup: (w) => w.write({ 'score.yaml': SCORE().replace('image: busybox', 'image: .') }),
  }),
  generate('--build with JSON garbage', ['--build', 'main={"context": '], 1, /build/),
  generate('--build for an unknown container', ['--build', 'nope=.'], 1, /nope/),
  generate('--build with a NUL', ['--build', 'main=a\0b'], 1, /build\.context: holds a NUL character/),
  // --build is compose syntax, as in score-compose: compose interpolates it, and an unclosed ${ is refused.
  generate('--build with a context holding ${HOME}', ['--build', 'main=${HOME}'], 0, undefined, {
    check: async (w) => expect(await readFile(join(w.project, 'compose.yaml'), 'utf8')).toContain('context: ${HOME}'),
  }),
  generate('--build with an unclosed ${', ['--build', 'main=${HOME'], 1, /docker compose would reject the generated/),
  {
    name: 'init --project with capitals',
    base: 'empty',
    argv: ['init', '--no-sample', '--project', 'Bad'],
    code: 2,
    stderr: /project/,
  },
  {
    name: 'init --project with a slash',
    base: 'empty',
    argv: ['init', '--no-sample', '--project', '../x'],
    code: 2,
    stderr: /project/,
  },
  {
    name: 'init --project empty',
    base: 'empty',
    argv: ['init', '--no-sample', '--project', ''],
    code: 2,
    stderr: /project/,
  },
  {
    name: 'init -f naming a link to a file outside: the link is replaced, not written through',
    base: 'empty',
    setup: (w) => symlink(join(w.outside, 'secret.txt'), join(w.project, 'score.yaml')),
    argv: ['init', '-f', 'score.yaml'],
    code: 0,
  },
  {
    name: 'init -f naming a directory leaves it alone',
    base: 'empty',
    setup: (w) => mkdir(join(w.project, 'sample')),
    argv: ['init', '-f', 'sample'],
    code: 0,
    stderr: /Found existing Score file 'sample'/,
  },
  {
    name: 'resources get-outputs of an unknown uid',
    base: 'generated',
    argv: ['resources', 'get-outputs', 'nope.default#x'],
    code: 1,
    stderr: /nope/,
  },
  {
    name: 'resources get-outputs with a NUL in the uid',
    base: 'generated',
    argv: ['resources', 'get-outputs', 'a\0b'],
    code: 1,
    stderr: /a\\0b|not found|no resource/,
  },
  {
    name: 'resources list -f xml',
    base: 'generated',
    argv: ['resources', 'list', '-f', 'xml'],
    code: 2,
    stderr: /argument 'xml' is invalid/,
  },
  {
    name: 'provisioners list -f xml',
    base: 'generated',
    argv: ['provisioners', 'list', '-f', 'xml'],
    code: 2,
    stderr: /argument 'xml' is invalid/,
  },
  { name: 'check-version with garbage', argv: ['check-version', '>>>1'], code: 2, stderr: /invalid constraint '>>>1'/ },
  { name: 'an unknown command', argv: ['frobnicate'], code: 2, stderr: /unknown command "frobnicate"/ },
  { name: 'an unknown flag', argv: ['generate', '--frobnicate'], code: 2, stderr: /unknown option '--frobnicate'/ },
  {
    name: 'up with no engine: exit 3 and nothing written',
    base: 'generated',
    setup: (w) => w.write({ 'score.yaml': SCORE('web', '    variables:\n      CHANGED: "1"\n') }),
    argv: ['up', 'score.yaml'],
    code: 3,
    stderr: /Docker engine|no-docker\.sock/,
  },
  { name: 'ps with no engine', base: 'generated', argv: ['ps'], code: 3, stderr: /no-docker\.sock/ },
  { name: 'down with no engine', base: 'generated', argv: ['down'], code: 3, stderr: /no-docker\.sock/ },
  { name: 'logs with no engine', base: 'generated', argv: ['logs'], code: 3, stderr: /no-docker\.sock/ },
  {
    name: 'DOCKER_HOST naming a regular file',
    base: 'generated',
    setup: (w) => w.write({ 'not-a-socket': 'x' }),
    argv: ['ps'],
    env: { DOCKER_HOST: 'unix://not-a-socket' },
    code: 3,
    stderr: /not-a-socket/,
  },
  {
    name: 'DOCKER_HOST with an unknown scheme',
    base: 'generated',
    argv: ['ps'],
    env: { DOCKER_HOST: 'gopher://x' },
    code: 3,
    stderr: /gopher/,
  },
];

export const cliCases: HostileCase[] = [...outputCases, ...overrideCases, ...flagCases].map((c) => ({
  ...c,
  name: `command line: ${c.name}`,
}));
