// `containers.<c>.files[].source`: read only as a regular file whose real path is inside the
// Score file's directory (README "Differences from score-compose", docs/security.md).
import { mkdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { HAS_MKFIFO, SCORE_WITH_SOURCE, type HostileCase, type World } from '../../helpers/hostile.js';

const OUTSIDE = /source: failed to read: .*leads outside the Score file's directory/;

/** The cases for a Score file in `dir` ('' for the project root). */
function casesIn(dir: string, label: string): HostileCase[] {
  const score = `${dir}score.yaml`;
  const at = (w: World, rel: string) => join(w.project, dir, rel);
  const withSource = (source: string, setup?: (w: World) => Promise<void> | void) => async (w: World) => {
    await w.write({ [score]: SCORE_WITH_SOURCE(source) });
    await setup?.(w);
  };
  const base: Omit<HostileCase, 'name' | 'setup' | 'code'> = { argv: ['generate', score] };
  const cases: HostileCase[] = [
    {
      ...base,
      name: `a link to a file outside the project (absolute)`,
      setup: withSource('cfg', (w) => symlink(join(w.outside, 'secret.txt'), at(w, 'cfg'))),
      code: 1,
      stderr: OUTSIDE,
    },
    {
      ...base,
      name: `a link to a file outside the project (relative)`,
      setup: withSource('cfg', (w) => symlink(`${dir ? '../' : ''}../outside/secret.txt`, at(w, 'cfg'))),
      code: 1,
      stderr: OUTSIDE,
    },
    {
      ...base,
      name: 'a link to a link to a file outside the project',
      setup: withSource('cfg', async (w) => {
        await symlink(join(w.outside, 'secret.txt'), at(w, 'hop'));
        await symlink('hop', at(w, 'cfg'));
      }),
      code: 1,
      stderr: OUTSIDE,
    },
    {
      ...base,
      name: 'a path through a linked directory that leads outside',
      setup: withSource('sub/secret.txt', (w) => symlink(w.outside, at(w, 'sub'))),
      code: 1,
      stderr: OUTSIDE,
    },
    {
      ...base,
      name: 'a link to /etc/passwd',
      setup: withSource('cfg', (w) => symlink('/etc/passwd', at(w, 'cfg'))),
      code: 1,
      stderr: OUTSIDE,
    },
    {
      ...base,
      name: 'a link to /dev/zero (would never end)',
      setup: withSource('cfg', (w) => symlink('/dev/zero', at(w, 'cfg'))),
      code: 1,
      stderr: OUTSIDE,
    },
    {
      ...base,
      name: 'a link to /dev/urandom',
      setup: withSource('cfg', (w) => symlink('/dev/urandom', at(w, 'cfg'))),
      code: 1,
      stderr: OUTSIDE,
    },
    {
      ...base,
      name: 'a link to /dev/null',
      setup: withSource('cfg', (w) => symlink('/dev/null', at(w, 'cfg'))),
      code: 1,
      stderr: OUTSIDE,
    },
    {
      ...base,
      name: 'a directory',
      setup: withSource('conf.d', (w) => w.write({ [`${dir}conf.d/a.conf`]: 'x' })),
      code: 1,
      stderr: /source: failed to read: open .*conf\.d: is a directory/,
    },
    {
      ...base,
      name: '. (the Score file directory itself)',
      setup: withSource('.'),
      code: 1,
      stderr: /source: failed to read: .*is a directory/,
    },
    {
      ...base,
      name: 'a dangling link',
      setup: withSource('cfg', (w) => symlink('missing.conf', at(w, 'cfg'))),
      code: 1,
      stderr: /source: failed to read: open .*cfg: no such file or directory/,
    },
    {
      ...base,
      name: 'a link loop',
      setup: withSource('cfg', async (w) => {
        await symlink('cfg2', at(w, 'cfg'));
        await symlink('cfg', at(w, 'cfg2'));
      }),
      code: 1,
      stderr: /source: failed to read: open .*cfg: too many levels of symbolic links/,
    },
    {
      ...base,
      name: 'a socket',
      setup: withSource('sock', (w) => w.socket(at(w, 'sock'))),
      code: 1,
      stderr: /source: failed to read: .*sock: is a socket, not a regular file/,
    },
    {
      ...base,
      name: '../ (lexically outside)',
      setup: withSource('../outside/secret.txt'),
      code: 1,
      stderr: /must be a relative path within the Score file's directory/,
    },
    {
      ...base,
      name: 'an absolute path',
      setup: withSource('/etc/passwd'),
      code: 1,
      stderr: /must be a relative path within the Score file's directory/,
    },
    {
      ...base,
      name: 'a NUL byte in the path',
      setup: withSource('cfg\0../../x'),
      code: 1,
      stderr: /must not contain a NUL character/,
    },
    {
      ...base,
      name: 'a file larger than 1 GiB (sparse, never read)',
      setup: withSource('big.bin', async (w) => {
        await writeFile(at(w, 'big.bin'), '');
        await truncate(at(w, 'big.bin'), 1024 ** 3 + 1);
      }),
      code: 1,
      stderr: /source: failed to read: .*big\.bin: is too large/,
    },
    {
      ...base,
      name: 'a link to a file inside the Score file directory (allowed)',
      setup: withSource('cfg', async (w) => {
        await w.write({ [`${dir}real/app.conf`]: 'listen 80\n' });
        await symlink('real/app.conf', at(w, 'cfg'));
      }),
      code: 0,
      check: async (w) => {
        const mounted = join(w.project, '.score-compose/mounts/files/web-files-cfg');
        expect(await readFile(mounted, 'utf8')).toBe('listen 80\n');
      },
    },
    {
      ...base,
      name: 'a symlinked mounts file left in the project is replaced, not written through',
      base: 'generated',
      setup: withSource('cfg', async (w) => {
        await w.write({ [`${dir}cfg`]: 'new content\n' });
        await mkdir(join(w.project, '.score-compose/mounts/files'), { recursive: true });
        await symlink(join(w.outside, 'secret.txt'), join(w.project, '.score-compose/mounts/files/web-files-cfg'));
      }),
      code: 0,
      check: async (w) => {
        const mounted = join(w.project, '.score-compose/mounts/files/web-files-cfg');
        expect(await readFile(mounted, 'utf8')).toBe('new content\n');
      },
    },
    {
      ...base,
      name: 'a link to outside, after a good run: compose.yaml and state.yaml stay',
      base: 'generated',
      setup: withSource('cfg', (w) => symlink(join(w.outside, 'secret.txt'), at(w, 'cfg'))),
      code: 1,
      stderr: OUTSIDE,
    },
  ];
  if (dir !== '') {
    cases.push(
      {
        ...base,
        name: 'a link to a file of the project outside the Score file directory',
        setup: withSource('cfg', async (w) => {
          await w.write({ 'shared.conf': 'x' });
          await symlink('../shared.conf', at(w, 'cfg'));
        }),
        code: 1,
        stderr: OUTSIDE,
      },
      {
        ...base,
        name: 'the Score file directory itself is a link outside (given on the command line: allowed)',
        setup: async (w) => {
          await writeFile(join(w.outside, 'dir', 'score.yaml'), SCORE_WITH_SOURCE('app.conf'));
          await writeFile(join(w.outside, 'dir', 'app.conf'), 'outside but named\n');
          await symlink(join(w.outside, 'dir'), join(w.project, dir.slice(0, -1)));
        },
        code: 0,
        readsOutside: true,
      },
    );
  }
  if (HAS_MKFIFO) {
    cases.push(
      {
        ...base,
        name: 'a FIFO (would hang)',
        setup: withSource('fifo', (w) => w.tripwire(at(w, 'fifo'))),
        code: 1,
        stderr: /source: failed to read: .*fifo: is a FIFO \(named pipe\), not a regular file/,
      },
      {
        ...base,
        name: 'a link to a FIFO outside the project',
        setup: withSource('cfg', async (w) => {
          w.tripwire(join(w.outside, 'fifo'));
          await symlink(join(w.outside, 'fifo'), at(w, 'cfg'));
        }),
        code: 1,
        stderr: OUTSIDE,
      },
    );
  }
  return cases.map((c) => ({ ...c, name: `files.source, Score file ${label}: ${c.name}` }));
}

export const fileSourceCases: HostileCase[] = [...casesIn('', 'in the project root'), ...casesIn('svc/', 'in svc/')];
