// `.score-compose/` as found on disk: a state file cut short, emptied, edited by hand or forged
// (a cloned repository can carry one), the lock, the journal of an interrupted run, the record of
// overrides. Each is an error naming what is wrong (exit 1, nothing changed), or a run that
// keeps to the project directory (README "Exit codes", "The state directory").
import { mkdir, readFile, rm, symlink, truncate, utimes, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HAS_MKFIFO, hostileCase, SCORE, type HostileCase, type World } from '../../helpers/hostile.js';

const STATE_PATH = '.score-compose/state.yaml';

/** The state `generate score.yaml` of SCORE() leaves, with `fields` replaced or added (YAML text per key). */
function state(fields: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = {
    workloads: `
  web:
    file: score.yaml
    spec:
      apiVersion: score.dev/v1b1
      containers:
        main:
          image: busybox
      metadata:
        name: web`,
    resources: ' {}',
    shared_state: ' {}',
    compose_project: ' project',
    mounts_directory: ' .score-compose/mounts',
    patching_templates: ' []',
  };
  const merged = { ...base, ...fields };
  return Object.entries(merged)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}:${v}\n`)
    .join('');
}

/** A case that writes `.score-compose/state.yaml` (and the Score file) and runs `generate`. */
function withState(
  name: string,
  text: string | Buffer,
  code: 0 | 1,
  stderr?: RegExp,
  extra: Partial<HostileCase> = {},
): HostileCase {
  const setup = (w: World) => w.write({ [STATE_PATH]: text });
  return hostileCase(name, { base: 'generated', setup, argv: ['generate'] }, code, stderr, extra);
}

const DECODE = /state file couldn't be decoded/;
const MOUNTS = /mounts_directory/;

/** A volume resource as the state records it; `extra` adds or replaces lines of the entry. */
const RESOURCE = (extra = '') => `
  volume.default#web.data:
    guid: 90aac8d1-2973-4a54-b0ce-8b237204b7bc
    type: volume
    class: default
    id: web.data
    metadata: {}
    params: {}
    source_workload: web
    provisioner: template://default-provisioners/volume
    state:
      name: web-data-abcdef
    outputs:
      type: volume
      source: web-data-abcdef${extra}`;

const decodingCases: HostileCase[] = [
  withState('an empty state file', '', 1, /state file couldn't be decoded: the file is empty/),
  withState('a state file of blanks and comments', '\n  \n# nothing\n', 1, /the file is empty/),
  withState('a state file holding only ---', '---\n', 1, /the file is empty/),
  withState('a state file cut short (first half)', state().slice(0, 120), 1, /missing .*was the file cut short/),
  withState('a state file cut in the middle of a key', state().slice(0, state().indexOf('compose_pro') + 7), 1, DECODE),
  withState('a state file of random bytes', Buffer.from([0x00, 0xff, 0xfe, 0x13, 0x88, 0x9f, 0x00, 0x7f]), 1, DECODE),
  withState('a state file of a JSON list', '[1, 2, 3]\n', 1, /the document must be a map, found/),
  withState('a state file of one scalar', 'hello\n', 1, /the document must be a map/),
  withState('a state file with two documents', `${state()}---\n${state()}`, 1, /expected one YAML document/),
  withState(
    'a state file with a duplicate key',
    `${state()}compose_project: other\n`,
    1,
    /compose_project|duplicate|unique/i,
  ),
  withState('a state file with an unknown top-level key', `${state()}extra: 1\n`, 1, /unknown field 'extra'/),
  withState('a state file with an alias bomb', `${aliasBomb()}${state()}`, 1, /alias bomb/),
  withState(
    'a state file with an undefined alias',
    state({ shared_state: ' *nothere' }),
    1,
    /alias \*nothere has no anchor/,
  ),
  withState(
    'a state file nested 5,000 levels deep',
    `shared_state: ${'['.repeat(5_000)}`,
    1,
    /nested too deeply|decoded/,
  ),
  withState('a state file with tabs for indentation', state().replace(/\n {2}web:/, '\n\tweb:'), 1, DECODE),
  withState('compose_project missing', state({ compose_project: undefined }), 1, /missing 'compose_project'/),
  withState(
    'compose_project empty',
    state({ compose_project: ' ""' }),
    1,
    /compose_project: must be a compose project name/,
  ),
  withState('compose_project with a path', state({ compose_project: ' ../../x' }), 1, /compose_project: must be/),
  withState('compose_project in capitals', state({ compose_project: ' Project' }), 1, /compose_project: must be/),
  withState('compose_project a number', state({ compose_project: ' 12' }), 1, /compose_project: must be/),
  withState('compose_project a map', state({ compose_project: ' {a: 1}' }), 1, /compose_project: must be/),
  withState('workloads a list', state({ workloads: ' [web]' }), 1, /workloads: must be a map/),
  withState('workloads a string', state({ workloads: ' web' }), 1, /workloads: must be a map/),
  withState(
    'a workload without a spec',
    state({ workloads: '\n  web:\n    file: score.yaml' }),
    1,
    /workloads\.web: must be a map with a 'spec' map/,
  ),
  withState(
    'a workload whose spec names another workload',
    state().replace('name: web', 'name: other'),
    1,
    /workloads\.web\.spec\.metadata\.name: must be 'web'/,
  ),
  withState(
    'a workload with an unknown field',
    state().replace('    file: score.yaml', '    file: score.yaml\n    owner: me'),
    1,
    /workloads\.web: unknown field 'owner'/,
  ),
  ...(
    [
      ['a number', '7'],
      ['empty', '""'],
      ['holding a NUL character', '"score.yaml\\0../../x"'],
    ] as const
  ).map(([what, value]) =>
    withState(
      `a workload file that is ${what}`,
      state().replace('file: score.yaml', `file: ${value}`),
      1,
      /\.file: must be a file path/,
    ),
  ),
  withState(
    'a stored spec that is not a valid workload (image a map)',
    state().replace('file: score.yaml', 'file: gone.yaml').replace('image: busybox', 'image: {a: 1}'),
    1,
    /state\.yaml workloads\.web\.spec containers\.main\.image: must be a string/,
  ),
  withState(
    'a stored spec with a NUL in the image',
    state().replace('file: score.yaml', 'file: gone.yaml').replace('image: busybox', 'image: "busy\\0box"'),
    1,
    /NUL/,
  ),
  withState(
    'a stored spec with a file source leading outside',
    state()
      .replace('file: score.yaml', 'file: gone.yaml')
      .replace(
        'image: busybox',
        'image: busybox\n          files:\n            - target: /etc/x\n              source: ../outside/secret.txt',
      ),
    1,
    /must be a relative path within the Score file's directory|outside/,
  ),
  withState('resources a list', state({ resources: ' []' }), 1, /resources: must be a map/),
  withState(
    'a resource that is a string',
    state({ resources: '\n  volume.default#web.data: yes' }),
    1,
    /must be a map/,
  ),
  withState(
    'a resource stored under another uid',
    state({ resources: RESOURCE().replace('volume.default#web.data:', 'volume.default#web.other:') }),
    1,
    /the key must be the resource's uid 'volume\.default#web\.data'/,
  ),
  withState(
    'a resource without a type',
    state({ resources: RESOURCE().replace('    type: volume\n', '') }),
    1,
    /\.type: must be a non-empty string/,
  ),
  withState(
    'a resource with an empty guid',
    state({ resources: RESOURCE().replace(/guid: .*/, 'guid: ""') }),
    1,
    /\.guid: must be a non-empty string/,
  ),
  withState(
    'a resource whose outputs are a list',
    state({ resources: RESOURCE().replace(/outputs:[\s\S]*$/, 'outputs: [1, 2]') }),
    1,
    /\.outputs: must be a map/,
  ),
  withState(
    'a resource whose state is a string',
    state({ resources: RESOURCE().replace(/state:\n {6}name: web-data-abcdef/, 'state: nope') }),
    1,
    /\.state: must be a map/,
  ),
  withState(
    'a resource with an unknown field',
    state({ resources: RESOURCE('\n    secret_sauce: 1') }),
    1,
    /unknown field 'secret_sauce'/,
  ),
  withState('a resource of no current workload (stays in the state, unused)', state({ resources: RESOURCE() }), 0),
  withState('shared_state a list', state({ shared_state: ' [1]' }), 1, /shared_state: must be a map/),
  withState(
    'patching_templates a string',
    state({ patching_templates: ' abc' }),
    1,
    /patching_templates: must be a list/,
  ),
  withState(
    'patching_templates holding a map',
    state({ patching_templates: ' [{a: 1}]' }),
    1,
    /patching_templates: must be a list/,
  ),
  withState(
    'a state file with invalid UTF-8 in a value',
    Buffer.concat([Buffer.from(state({ compose_project: ' proj' }).replace('proj', '')), Buffer.from([0xc3, 0x28])]),
    1,
    DECODE,
  ),
  withState('a state file starting with a byte order mark', `\ufeff${state()}`, 0),
];

const mountsCases: HostileCase[] = [
  withState('mounts_directory ../../x', state({ mounts_directory: ' ../../x' }), 1, /must stay inside the project/),
  withState('mounts_directory ..', state({ mounts_directory: ' ..' }), 1, /must stay inside the project/),
  withState('mounts_directory a/../../x', state({ mounts_directory: ' a/../../x' }), 1, /must stay inside the project/),
  withState('mounts_directory /tmp (absolute)', state({ mounts_directory: ' /tmp' }), 1, /must be a path relative/),
  withState('mounts_directory . (the project itself)', state({ mounts_directory: ' .' }), 1, /directory of its own/),
  withState('mounts_directory ./ (the project itself)', state({ mounts_directory: ' ./' }), 1, /directory of its own/),
  withState(
    'mounts_directory .score-compose',
    state({ mounts_directory: ' .score-compose' }),
    1,
    /directory of its own/,
  ),
  withState('mounts_directory empty', state({ mounts_directory: ' ""' }), 1, /must not be empty/),
  withState('mounts_directory with a NUL', state({ mounts_directory: ' "m\\0../x"' }), 1, /NUL/),
  withState('mounts_directory a number', state({ mounts_directory: ' 7' }), 1, /mounts_directory: must be a string/),
  withState('mounts_directory a list', state({ mounts_directory: ' [a]' }), 1, /mounts_directory: must be a string/),
  withState('mounts_directory missing', state({ mounts_directory: undefined }), 1, /missing 'mounts_directory'/),
  {
    ...withState('mounts_directory a link to a directory outside', state({ mounts_directory: ' m' }), 1, MOUNTS),
    setup: async (w) => {
      await w.write({ [STATE_PATH]: state({ mounts_directory: ' m' }) });
      await symlink(join(w.outside, 'dir'), join(w.project, 'm'));
    },
    stderr: /mounts_directory 'm' leads outside the project directory/,
  },
  {
    ...withState('mounts_directory below a link to outside', state({ mounts_directory: ' m/sub' }), 1, MOUNTS),
    setup: async (w) => {
      await w.write({ [STATE_PATH]: state({ mounts_directory: ' m/sub' }) });
      await symlink(w.outside, join(w.project, 'm'));
    },
    stderr: /leads outside the project directory/,
  },
  {
    ...withState('mounts_directory a dangling link to outside', state({ mounts_directory: ' m' }), 1, MOUNTS),
    setup: async (w) => {
      await w.write({ [STATE_PATH]: state({ mounts_directory: ' m' }) });
      await symlink(join(w.outside, 'not-yet'), join(w.project, 'm'));
    },
    stderr: /leads outside the project directory/,
  },
  {
    name: 'the default mounts directory is a link to outside',
    base: 'generated',
    setup: async (w) => {
      await import('node:fs/promises').then((fs) =>
        fs.rm(join(w.project, '.score-compose/mounts'), { recursive: true }),
      );
      await symlink(join(w.outside, 'dir'), join(w.project, '.score-compose/mounts'));
    },
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /leads outside the project directory/,
  },
  {
    name: 'mounts/files is a link to outside (a mounted file would be written there)',
    base: 'generated',
    setup: async (w) => {
      await w.write({
        'score.yaml': SCORE('web', '    files:\n      - target: /etc/x\n        content: hello\n'),
      });
      await symlink(join(w.outside, 'dir'), join(w.project, '.score-compose/mounts/files'));
    },
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /outside the project directory/,
  },
  withState('mounts_directory a regular file', state({ mounts_directory: ' afile' }), 1, /afile/, {
    setup: async (w) => w.write({ [STATE_PATH]: state({ mounts_directory: ' afile' }), afile: 'x' }),
  }),
];

/** Cases about where the state says the Score files are. */
const recordedFileCases: HostileCase[] = [
  withState(
    'a recorded Score file outside the project (relative): its stored copy is used',
    (() => state().replace('file: score.yaml', 'file: ../outside/score.yaml'))(),
    0,
    /outside the project directory: using its stored copy/,
  ),
  {
    ...withState('a recorded Score file outside the project (absolute)', '', 0),
    setup: (w) =>
      w.write({ [STATE_PATH]: state().replace('file: score.yaml', `file: ${join(w.outside, 'score.yaml')}`) }),
    stderr: /outside the project directory: using its stored copy/,
  },
  {
    ...withState('a recorded Score file that is a link to outside', '', 0),
    setup: async (w) => {
      await w.write({ [STATE_PATH]: state().replace('file: score.yaml', 'file: linked.yaml') });
      await symlink(join(w.outside, 'score.yaml'), join(w.project, 'linked.yaml'));
    },
    stderr: /outside the project directory: using its stored copy/,
  },
  {
    ...withState('a recorded Score file in a linked directory outside', '', 0),
    setup: async (w) => {
      await w.write({ [STATE_PATH]: state().replace('file: score.yaml', 'file: ext/score.yaml') });
      await symlink(w.outside, join(w.project, 'ext'));
    },
    stderr: /outside the project directory: using its stored copy/,
  },
  withState(
    'a recorded Score file that no longer exists: its stored copy is used',
    state().replace('file: score.yaml', 'file: gone.yaml'),
    0,
    /no longer exists: using its stored copy/,
  ),
  withState(
    'a recorded Score file that is a directory',
    state().replace('file: score.yaml', 'file: .score-compose'),
    1,
    /failed to read '\.score-compose': .*directory/,
  ),
];
if (HAS_MKFIFO) {
  recordedFileCases.push({
    ...withState('a recorded Score file that is a FIFO', '', 1),
    setup: async (w) => {
      await w.write({ [STATE_PATH]: state().replace('file: score.yaml', 'file: pipe.yaml') });
      w.tripwire(join(w.project, 'pipe.yaml'));
    },
    stderr: /pipe\.yaml.*is a FIFO/,
  });
}

/** `generate` after `.score-compose/state.yaml` was removed and `make` put something else at its path. */
function stateReplaced(name: string, make: (w: World, path: string) => Promise<unknown>, stderr: RegExp): HostileCase {
  const setup = async (w: World) => {
    await rm(join(w.project, STATE_PATH));
    await make(w, join(w.project, STATE_PATH));
  };
  return hostileCase(name, { base: 'generated', setup, argv: ['generate'] }, 1, stderr);
}

/** The state file itself, as something other than a regular file inside the project. */
const stateFileCases: HostileCase[] = [
  stateReplaced(
    'state.yaml is a link to a file outside the project',
    (w, path) => symlink(join(w.outside, 'secret.txt'), path),
    /state\.yaml: leads outside the project directory/,
  ),
  stateReplaced(
    'state.yaml is a link to /dev/zero',
    (_w, path) => symlink('/dev/zero', path),
    /state\.yaml: leads outside the project directory/,
  ),
  stateReplaced(
    'state.yaml is a directory',
    (_w, path) => mkdir(path),
    /failed to load existing state directory: .*directory/,
  ),
  stateReplaced(
    'state.yaml is missing (the directory exists)',
    async () => {},
    /failed to load existing state directory/,
  ),
  {
    name: 'state.yaml larger than the YAML limit (sparse, 65 MiB)',
    base: 'generated',
    setup: async (w) => {
      await writeFile(join(w.project, STATE_PATH), state());
      await truncate(join(w.project, STATE_PATH), 65 * 1024 * 1024);
    },
    argv: ['generate'],
    code: 1,
    stderr: /state file couldn't be decoded: the text is too large \(65 MiB; the limit is 64 MiB\)/,
  },
  {
    name: 'the .score-compose directory is a link to a directory outside',
    base: 'empty',
    setup: async (w) => {
      await mkdir(join(w.outside, 'dir', 'state'));
      await symlink(join(w.outside, 'dir', 'state'), join(w.project, '.score-compose'));
      await w.write({ 'score.yaml': SCORE() });
    },
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /the state directory '\.score-compose' leads outside the project directory/,
  },
  {
    name: 'init where .score-compose is a link to outside',
    base: 'empty',
    setup: async (w) => {
      await mkdir(join(w.outside, 'dir', 'state'));
      await symlink(join(w.outside, 'dir', 'state'), join(w.project, '.score-compose'));
    },
    argv: ['init', '--no-sample'],
    code: 1,
    stderr: /leads outside the project directory/,
  },
  {
    name: 'init keeps a damaged state (it is not reset)',
    base: 'generated',
    setup: (w) => w.write({ [STATE_PATH]: '' }),
    argv: ['init', '--no-sample'],
    code: 1,
    stderr: /the file is empty/,
  },
  {
    name: 'resources list with a damaged state',
    base: 'generated',
    setup: (w) => w.write({ [STATE_PATH]: state().slice(0, 50) }),
    argv: ['resources', 'list'],
    code: 1,
    stderr: DECODE,
  },
  {
    name: 'provisioners list does not need the state (a damaged one is left alone)',
    base: 'generated',
    setup: (w) => w.write({ [STATE_PATH]: 'garbage: [' }),
    argv: ['provisioners', 'list', '-f', 'json'],
    code: 0,
    check: async (w, run) => {
      expect(JSON.parse(run.stdout)).toContainEqual(expect.objectContaining({ Type: 'volume' }));
      expect(await readFile(join(w.project, STATE_PATH), 'utf8')).toBe('garbage: [');
    },
  },
];
if (HAS_MKFIFO) {
  stateFileCases.push(
    stateReplaced('state.yaml is a FIFO', async (w, path) => w.tripwire(path), /state\.yaml: is a FIFO/),
  );
}

/** The lock file a run leaves while it works, as a killed or hostile run could leave it. */
const lockCases: HostileCase[] = [
  {
    name: 'a lock left empty by a killed run long ago is taken over',
    base: 'generated',
    setup: async (w) => {
      await w.write({ '.score-compose/.lock': '' });
      const past = new Date(Date.now() - 3_600_000);
      await utimes(join(w.project, '.score-compose/.lock'), past, past);
    },
    argv: ['generate', 'score.yaml'],
    code: 0,
  },
  {
    name: 'a lock holding the pid of a process that is gone is taken over',
    base: 'generated',
    setup: (w) => w.write({ '.score-compose/.lock': '999999999' }),
    argv: ['generate', 'score.yaml'],
    code: 0,
  },
  {
    name: 'a lock that is a link to a file outside',
    base: 'generated',
    setup: (w) => symlink(join(w.outside, 'secret.txt'), join(w.project, '.score-compose/.lock')),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /the lock file .* is not a regular file/,
  },
  {
    name: 'a lock that is a directory',
    base: 'generated',
    setup: (w) => mkdir(join(w.project, '.score-compose/.lock')),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /the lock file .* is not a regular file/,
  },
];

const journalPath = (w: World) => join(w.project, '.score-compose/.txn/journal.json');
const writeJournal = async (w: World, journal: unknown) => {
  await mkdir(join(w.project, '.score-compose/.txn'), { recursive: true });
  await writeFile(journalPath(w), typeof journal === 'string' ? journal : JSON.stringify(journal));
};

/** A damaged or forged `.score-compose/.txn` (a killed run's, or one a cloned repository carries). */
const journalCases: HostileCase[] = [
  {
    name: 'a journal cut short (not JSON) is a transaction that never started',
    base: 'generated',
    setup: (w) => writeJournal(w, '{"version":2,"id":"0123abcd","entr'),
    argv: ['generate', 'score.yaml'],
    code: 0,
    check: async (w) => {
      await expect(readFile(journalPath(w))).rejects.toThrow();
    },
  },
  {
    name: 'a journal of another version',
    base: 'generated',
    setup: (w) => writeJournal(w, { version: 99, id: '0123abcd', entries: [] }),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /journal .* is damaged: it is not one this version writes/,
  },
  {
    name: 'a journal with a malformed entry',
    base: 'generated',
    setup: (w) => writeJournal(w, { version: 2, id: '0123abcd', entries: [{ kind: 'put', target: 'relative' }] }),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /journal .* is damaged: entry 0 is malformed/,
  },
  {
    name: 'a journal with an id that could name paths',
    base: 'generated',
    setup: (w) => writeJournal(w, { version: 2, id: '../../x', entries: [] }),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /journal .* is damaged: bad id/,
  },
  {
    name: 'a journal that is a link to a file outside',
    base: 'generated',
    setup: async (w) => {
      await mkdir(join(w.project, '.score-compose/.txn'));
      await symlink(join(w.outside, 'secret.txt'), journalPath(w));
    },
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /journal .* is damaged: journal\.json leads outside/,
  },
  {
    name: '.txn is a regular file',
    base: 'generated',
    setup: (w) => w.write({ '.score-compose/.txn': 'x' }),
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /journal .* is damaged: \.txn is not a directory/,
  },
  {
    name: 'a forged journal that claims to have created a file outside: the file stays',
    base: 'generated',
    setup: async (w) => {
      const content = await readFile(join(w.outside, 'secret.txt'));
      const sha256 = createHash('sha256').update(content).digest('hex');
      await writeJournal(w, {
        version: 2,
        id: '0123abcd',
        entries: [
          {
            kind: 'put',
            target: join(w.outside, 'secret.txt'),
            mode: 0o644,
            inPlace: false,
            parents: false,
            existed: false,
            sha256,
          },
          { kind: 'remove', target: join(w.outside, 'score.yaml') },
          { kind: 'mkdir', target: join(w.outside, 'dir'), existed: false },
        ],
      });
    },
    argv: ['generate', 'score.yaml'],
    code: 0,
  },
];
if (HAS_MKFIFO) {
  journalCases.push({
    name: 'a journal that is a FIFO',
    base: 'generated',
    setup: async (w) => {
      await mkdir(join(w.project, '.score-compose/.txn'));
      w.tripwire(journalPath(w));
    },
    argv: ['generate', 'score.yaml'],
    code: 1,
    stderr: /journal .* is damaged: journal\.json is a FIFO/,
  });
}

const INPUTS_PATH = '.score-compose/workload-inputs.yaml';

/** `.score-compose/workload-inputs.yaml`: the overrides each workload was read with. */
const inputsCases: HostileCase[] = [
  {
    name: 'a recorded overrides file outside the project is not read',
    base: 'generated',
    setup: (w) => w.write({ [INPUTS_PATH]: 'workloads:\n  web:\n    overrides_file: ../outside/overrides.yaml\n' }),
    argv: ['generate'],
    code: 1,
    stderr: /overrides-file '\.\.\/outside\/overrides\.yaml' is invalid.*leads outside the project directory/,
  },
  {
    name: 'a recorded overrides file that is a link to outside is not read',
    base: 'generated',
    setup: async (w) => {
      await w.write({ [INPUTS_PATH]: 'workloads:\n  web:\n    overrides_file: ov.yaml\n' });
      await symlink(join(w.outside, 'overrides.yaml'), join(w.project, 'ov.yaml'));
    },
    argv: ['generate'],
    code: 1,
    stderr: /leads outside the project directory/,
  },
  {
    name: 'a record of overrides with an alias bomb',
    base: 'generated',
    setup: (w) => w.write({ [INPUTS_PATH]: `${aliasBomb()}workloads: {}\n` }),
    argv: ['generate'],
    code: 1,
    stderr: /alias bomb/,
  },
  {
    name: 'a record of overrides that is a link to outside',
    base: 'generated',
    setup: (w) => symlink(join(w.outside, 'overrides.yaml'), join(w.project, INPUTS_PATH)),
    argv: ['generate'],
    code: 1,
    stderr: /workload-inputs\.yaml.*leads outside the project directory/,
  },
  {
    name: 'a record of overrides of the wrong shape is ignored',
    base: 'generated',
    setup: (w) => w.write({ [INPUTS_PATH]: 'workloads:\n  web: [1, 2]\n  other: 3\n' }),
    argv: ['generate'],
    code: 0,
  },
];

/** A YAML prefix whose anchor chain would expand to 10^9 nodes. */
export function aliasBomb(): string {
  const lines = ['x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 9; i++) {
    const refs = Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ');
    lines.push(`x${i}: &a${i} [${refs}]`);
  }
  return `${lines.join('\n')}\n`;
}

export const stateCases: HostileCase[] = [
  ...decodingCases,
  ...mountsCases,
  ...recordedFileCases,
  ...stateFileCases,
  ...lockCases,
  ...journalCases,
  ...inputsCases,
].map((c) => ({ ...c, name: `state: ${c.name}` }));
