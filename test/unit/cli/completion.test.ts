import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { bashScript } from '../../../src/cli/completion/bash.js';
import { describeCommandTree, walkTree } from '../../../src/cli/completion/command-tree.js';
import { fishScript } from '../../../src/cli/completion/fish.js';
import { powershellScript } from '../../../src/cli/completion/powershell.js';
import { zshScript } from '../../../src/cli/completion/zsh.js';
import { runIn, runK8sIn } from '../../helpers/cli.js';

const SHELLS = ['bash', 'fish', 'powershell', 'zsh'] as const;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sct-completion-'));
  await writeFile(join(dir, 'score.yaml'), 'apiVersion: score.dev/v1b1\n');
  await writeFile(join(dir, 'scores.txt'), '');
});

// --norc: bash run with a socket as stdin (node's pipes) would otherwise read ~/.bashrc.
const BASH = ['--norc', '--noprofile'];

/** Sources `script` in a bash subprocess and completes `words` (the last one is being typed). */
function completeInBash(script: string, words: string[]): string[] {
  const driver = [
    'source "$1"; shift',
    // Find the function through the registration, so the test also checks `complete -F`.
    `fn=$(complete -p ${words[0] ?? ''} | sed -E 's/.*-F ([^ ]+).*/\\1/')`,
    'COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMPREPLY=()',
    '"$fn"',
    'printf \'%s\\n\' "${COMPREPLY[@]}"',
  ].join('\n');
  const file = join(dir, `script-${Math.random().toString(36).slice(2)}.bash`);
  writeFileSync(file, script);
  const run = spawnSync('bash', [...BASH, '-c', driver, '_', file, ...words], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', COLUMNS: '200' },
  });
  expect(run.stderr).toBe('');
  return run.stdout.split('\n').filter((l) => l !== '');
}

function bashSyntaxErrors(script: string): string {
  const run = spawnSync('bash', [...BASH, '-n'], { input: script, encoding: 'utf8' });
  return `${run.status ?? 'signal'} ${run.stderr}`.trim();
}

describe('score-compose completion', () => {
  it('prints its help, listing the shells, on stdout with exit 0 (same as `help completion`)', async () => {
    const run = await runIn(dir, ['completion']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/Usage: score-compose completion/);
    for (const shell of SHELLS)
      expect(run.stdout).toMatch(new RegExp(`^  ${shell}\\b.*Generate the autocompletion script for ${shell}$`, 'm'));
    expect((await runIn(dir, ['help', 'completion'])).stdout).toBe(run.stdout);
  });

  it('is listed in the root help', async () => {
    const run = await runIn(dir, ['--help']);
    expect(run.stdout).toMatch(/^ {2}completion\b/m);
  });

  it('rejects an unknown shell with a usage error naming the choices', async () => {
    const run = await runIn(dir, ['completion', 'tcsh']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Error: unknown shell "tcsh" for "score-compose completion"');
    expect(run.stderr).toContain('bash, fish, powershell, zsh');
  });

  it.each([
    ['bash', 'source <(score-compose completion bash)'],
    ['fish', 'score-compose completion fish | source'],
    ['zsh', '"${fpath[1]}/_score-compose"'],
    ['powershell', 'score-compose completion powershell | Out-String | Invoke-Expression'],
  ])('%s --help explains how to load the script', async (shell, line) => {
    const run = await runIn(dir, ['completion', shell, '--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`Usage: score-compose completion ${shell}`);
    expect(run.stdout).toContain(line);
    expect(run.stdout).toMatch(/--no-descriptions +disable completion descriptions/);
  });

  it.each([
    ['bash', '# bash completion V2 for score-compose'],
    ['fish', '# fish completion for score-compose'],
    ['zsh', '# zsh completion for score-compose'],
    ['powershell', '# powershell completion for score-compose'],
  ])('%s prints a script with its header, descriptions only without --no-descriptions', async (shell, header) => {
    const help = await runIn(dir, ['--help']);
    // The generate summary as the live tree has it, wherever it is worded.
    const summary = /^ {2}generate\b.*? {2,}(\S.*)$/m.exec(help.stdout)?.[1] ?? 'missing';
    const full = await runIn(dir, ['completion', shell]);
    const bare = await runIn(dir, ['completion', shell, '--no-descriptions']);
    for (const run of [full, bare]) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout.split('\n')).toContain(header);
      for (const word of ['generate', 'init', 'get-outputs', 'provisioners', '--output', 'output'])
        expect(run.stdout).toContain(word);
    }
    expect(full.stdout).toContain(summary);
    expect(bare.stdout).not.toContain(summary);
  });
});

describe('the bash script', () => {
  let full: string;
  let bare: string;
  beforeAll(async () => {
    full = (await runIn(dir, ['completion', 'bash'])).stdout;
    bare = (await runIn(dir, ['completion', 'bash', '--no-descriptions'])).stdout;
  });

  it('passes bash -n', () => {
    expect(bashSyntaxErrors(full)).toBe('0');
    expect(bashSyntaxErrors(bare)).toBe('0');
  });

  it('completes sub-commands at every level, and flags', () => {
    expect(completeInBash(full, ['score-compose', 'gen'])).toEqual(['generate']);
    expect(completeInBash(full, ['score-compose', 'provisioners', 'l'])).toEqual(['list']);
    expect(completeInBash(full, ['score-compose', '-v', 'resources', 'get-o'])).toEqual(['get-outputs']);
    expect(completeInBash(full, ['score-compose', 'generate', '--out'])).toEqual(['--output']);
    expect(completeInBash(full, ['score-compose', 'init', '--no-s'])).toEqual(['--no-sample']);
    expect(completeInBash(full, ['score-compose', 'completion', 'z'])).toEqual(['zsh']);
  });

  it('lists several matches with descriptions, or bare with --no-descriptions', () => {
    const described = completeInBash(full, ['score-compose', 'completion', '']);
    expect(described).toHaveLength(4);
    expect(described.find((l) => l.startsWith('bash '))).toMatch(
      /^bash +\(Generate the autocompletion script for bash\)$/,
    );
    expect(completeInBash(bare, ['score-compose', 'completion', ''])).toEqual(['bash', 'fish', 'powershell', 'zsh']);
  });

  it('completes files for arguments and for flag values, nothing where neither fits', () => {
    expect(completeInBash(full, ['score-compose', 'generate', 'sco']).sort()).toEqual(['score.yaml', 'scores.txt']);
    expect(completeInBash(full, ['score-compose', 'generate', '-o', 'score.'])).toEqual(['score.yaml']);
    expect(completeInBash(full, ['score-compose', 'completion', 'bash', 'sco'])).toEqual([]);
  });
});

describe('scripts from a small command tree', () => {
  function tree() {
    const root = new Command('demo').option('-v, --verbose', 'chatty').option('-c, --config <file>', 'settings');
    const deploy = root.command('deploy').summary("push it, don't wait").argument('[files...]');
    deploy.option('-o, --output <file>', 'where').option('-v, --volumes', 'with volumes');
    root.command('secret', { hidden: true });
    return describeCommandTree(root);
  }

  it('describes commands with own and inherited flags, own flags winning a clash', () => {
    const nodes = walkTree(tree());
    expect(nodes.map((n) => n.path.join(' '))).toEqual(['demo', 'demo deploy', 'demo help']);
    const deploy = nodes[1];
    expect(deploy?.takesArguments).toBe(true);
    expect(deploy?.flags.map((f) => [f.names.join(','), f.takesValue])).toEqual([
      ['-o,--output', true],
      ['-v,--volumes', false],
      ['-h,--help', false],
      ['--verbose', false],
      ['-c,--config', true],
    ]);
  });

  it('bash skips flag values when following the command path', () => {
    const script = bashScript(tree(), { descriptions: false });
    expect(completeInBash(script, ['demo', 'de'])).toEqual(['deploy']);
    // `-c` takes a value, so this `deploy` is a file name and the root's commands still apply.
    expect(completeInBash(script, ['demo', '-c', 'deploy', ''])).toEqual(['deploy', 'help']);
    expect(completeInBash(script, ['demo', '-v', 'deploy', '--o'])).toEqual(['--output']);
  });

  it('quotes descriptions with quotes for every shell', () => {
    const options = { descriptions: true };
    expect(bashSyntaxErrors(bashScript(tree(), options))).toBe('0');
    expect(bashScript(tree(), options)).toContain(`'deploy push it, don'\\''t wait'`);
    expect(zshScript(tree(), options)).toContain(`'deploy:push it, don'\\''t wait'`);
    expect(fishScript(tree(), options)).toContain(`-a 'deploy' -d 'push it, don\\'t wait'`);
    expect(powershellScript(tree(), options)).toContain(`'deploy push it, don''t wait'`);
  });

  it('keeps the zsh, fish and powershell structure', () => {
    const options = { descriptions: false };
    const zsh = zshScript(tree(), options);
    expect(zsh.startsWith('#compdef demo\n')).toBe(true);
    expect(zsh).toContain(
      "    ('demo deploy')\n      cmds=()\n      flags=('-o' '--output' '-v' '--volumes' '-h' '--help' '--verbose' '-c' '--config')\n      vals=' -o --output -c --config ' args=1 ;;",
    );
    expect(zsh).toContain('compdef _demo demo');
    // Its quoting is POSIX, so bash can at least parse it.
    expect(bashSyntaxErrors(zsh)).toBe('0');

    const fish = fishScript(tree(), options);
    expect(fish).toContain("complete -c demo -n '__demo_at demo' -a 'deploy'\n");
    expect(fish).toContain("complete -c demo -n '__demo_at demo deploy' -s 'o' -l 'output' -r\n");
    expect(fish).toContain("complete -c demo -n '__demo_at demo deploy' -F\n");
    expect(fish).toContain(
      "set -g __demo_value_flags 'demo -c' 'demo --config' 'demo deploy -o' 'demo deploy --output' 'demo deploy -c' 'demo deploy --config'\n",
    );

    const ps = powershellScript(tree(), options);
    expect(ps).toContain("Register-ArgumentCompleter -Native -CommandName 'demo'");
    expect(ps).toContain(
      "    'demo deploy' = @{\n      Commands = @()\n      Flags = @('-o', '--output', '-v', '--volumes', '-h', '--help', '--verbose', '-c', '--config')\n      ValueFlags = @('-o', '--output', '-c', '--config')\n    }",
    );
  });
});

describe('score-k8s completion', () => {
  it('completes the commands of score-k8s and flags, and its help names score-k8s', async () => {
    const script = (await runK8sIn(dir, ['completion', 'bash'])).stdout;
    expect(bashSyntaxErrors(script)).toBe('0');
    expect(completeInBash(script, ['score-k8s', 'gen'])).toEqual(['generate']);
    expect(completeInBash(script, ['score-k8s', 'generate', '--generate-n'])).toEqual(['--generate-namespace']);
    expect(completeInBash(script, ['score-k8s', 'init', '--uni'])).toEqual([]); // a score-compose flag
    expect(completeInBash(script, ['score-k8s', 'u'])).toEqual([]); // no runtime commands
    const help = (await runK8sIn(dir, ['completion', 'bash', '--help'])).stdout;
    expect(help).toContain('source <(score-k8s completion bash)');
    expect(help).not.toContain('score-compose');
    const wrong = await runK8sIn(dir, ['completion', 'tcsh']);
    expect(wrong.stderr).toContain('unknown shell "tcsh" for "score-k8s completion"');
  });
});
