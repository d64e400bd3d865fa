// Compose files safe to commit, for every default provisioner that makes a secret: after
// `generate`, no secret (as it is, base64 or URL-encoded) is in compose.yaml or in any file group
// or others can read; compose.yaml with the `.env` beside it is exactly the `--inline-secrets`
// file; and no log line shows one.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { interpolateProject } from '../../../src/compose/interpolate.js';
import { readProjectVariables } from '../../../src/compose/project-env.js';
import type { ComposeProject } from '../../../src/compose/types.js';
import { runIn, tempProject } from '../../helpers/cli.js';
import { encodedForms, exposedSecrets, stateSecrets } from '../../helpers/secret-scan.js';

/** Every default provisioner type with a secret, and the outputs the workload uses. */
const TYPES: Record<string, string[]> = {
  postgres: ['host', 'port', 'username', 'password', 'database'],
  'postgres-instance': ['host', 'port', 'username', 'password'],
  mysql: ['host', 'port', 'username', 'password', 'database'],
  mssql: ['server', 'port', 'username', 'password', 'connection'],
  mongodb: ['host', 'port', 'username', 'password', 'connection'],
  redis: ['host', 'port', 'password'],
  amqp: ['host', 'port', 'username', 'password', 'vhost'],
  elasticsearch: ['host', 'port', 'username', 'password'],
  s3: ['endpoint', 'access_key_id', 'secret_key', 'aws_secret_key'],
};

/** The start of every Score file here: one busybox container, its variables next. */
const HEAD = [
  'apiVersion: score.dev/v1b1',
  'metadata:',
  '  name: app',
  'containers:',
  '  main:',
  '    image: busybox:latest',
  '    variables:',
];

/** A workload that takes every output into a variable, one into a URL, and one into a mounted file. */
function scoreFor(type: string, outputs: string[]): string {
  const secret = outputs.find((o) => /password|secret/.test(o))!;
  return [
    ...HEAD,
    ...outputs.map((o) => `      OUT_${o.toUpperCase()}: \${resources.res.${o}}`),
    `      URL: "scheme://user:\${resources.res.${secret}}@host/db"`,
    '    files:',
    '      - target: /etc/app.conf',
    `        content: "secret=\${resources.res.${secret}}"`,
    'resources:',
    '  res:',
    `    type: ${type}`,
    '',
  ].join('\n');
}

const interpolated = async (dir: string): Promise<ComposeProject> =>
  interpolateProject(
    parse(await readFile(join(dir, 'compose.yaml'), 'utf8')) as ComposeProject,
    readProjectVariables(dir, {}),
  );

describe('generate keeps secrets out of compose.yaml and out of readable files', () => {
  for (const [type, outputs] of Object.entries(TYPES)) {
    it(type, async () => {
      const dir = await tempProject(`secrets-${type}`, { 'score.yaml': scoreFor(type, outputs) });
      expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
      const run = await runIn(dir, ['generate', 'score.yaml', '-v']);
      expect(run.code, run.stderr).toBe(0);
      const secrets = await stateSecrets(dir);
      expect(secrets.length, 'the state holds the generated secrets').toBeGreaterThan(0);
      expect(await exposedSecrets(dir, secrets)).toEqual([]);
      expect((await stat(join(dir, '.env'))).mode & 0o777).toBe(0o600);
      expect(run.stderr).toContain('holds a secret, so it is written owner-only (0600)');
      // Not in the logs either, at the highest verbosity.
      for (const form of secrets.flatMap(encodedForms)) expect(run.stderr).not.toContain(form);
      // `resources get-outputs` still gives them on request.
      const got = await runIn(dir, ['resources', 'get-outputs', `${type}.default#app.res`, '-f', 'json']);
      const secretOutput = outputs.find((o) => /password|secret/.test(o))!;
      expect(secrets).toContain((JSON.parse(got.stdout) as Record<string, string>)[secretOutput]);

      // What compose runs is the same as the self-contained file, and regenerating changes nothing.
      const viaEnv = await interpolated(dir);
      const envText = await readFile(join(dir, '.env'), 'utf8');
      expect((await runIn(dir, ['generate'])).code).toBe(0);
      expect(await readFile(join(dir, '.env'), 'utf8')).toBe(envText);
      expect((await runIn(dir, ['generate', '--inline-secrets'])).code).toBe(0);
      const inline = parse(await readFile(join(dir, 'compose.yaml'), 'utf8')) as ComposeProject;
      expect(interpolateProject(inline, () => undefined)).toEqual(viaEnv);
      expect(JSON.stringify(inline)).toContain(secrets[0]);
    });
  }
});

describe('the secrets file and the rest of the project', () => {
  const SCORE = [
    ...HEAD,
    '      PW: ${resources.db.password}',
    '      REGION: ${resources.env.REGION}',
    'resources:',
    '  db:',
    '    type: redis',
    '  env:',
    '    type: environment',
    '',
  ].join('\n');

  it('--env-file .env lists what the user must supply, with our block beside it; the user keeps their lines', async () => {
    const dir = await tempProject('secrets-env-file', { 'score.yaml': SCORE, '.env': 'MINE=kept\n' });
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    const first = await runIn(dir, ['generate', 'score.yaml']);
    expect(first.code, first.stderr).toBe(0);
    const vars = readProjectVariables(dir, {});
    expect(vars('MINE')).toBe('kept');
    const [secret] = await stateSecrets(dir);
    expect(vars('REDIS_DEFAULT_APP_DB_PASSWORD')).toBe(secret);
    const withSkeleton = await runIn(dir, ['generate', 'score.yaml', '--env-file', '.env']);
    expect(withSkeleton.code, withSkeleton.stderr).toBe(0);
    const text = await readFile(join(dir, '.env'), 'utf8');
    expect(text.startsWith('REGION=\n')).toBe(true);
    expect(readProjectVariables(dir, {})('REDIS_DEFAULT_APP_DB_PASSWORD')).toBe(secret);
  });

  it('--inline-secrets takes our block out and leaves the file when the user has lines in it', async () => {
    const dir = await tempProject('secrets-inline', { 'score.yaml': SCORE, '.env': 'MINE=kept\n' });
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    expect((await runIn(dir, ['generate', 'score.yaml'])).code).toBe(0);
    expect((await runIn(dir, ['generate', '--inline-secrets'])).code).toBe(0);
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe('MINE=kept\n');
  });
});

describe('secret_outputs in a provisioner of ones own', () => {
  it('marks an output whose name says nothing, in a Go-template provisioner as in a cmd:// one', async () => {
    const provisioners = [
      '- uri: template://mine/opaque',
      '  type: opaque',
      '  outputs: |',
      '    blob: {{ printf "%s" "Xy7-opaque-value" }}',
      '    plain: {{ printf "%s" "visible-value" }}',
      '  secret_outputs: [blob]',
      '- uri: cmd://sh',
      '  type: opaque-cmd',
      '  args: ["-c", "echo \'{\\"resource_outputs\\":{\\"blob\\":\\"Qw3-cmd-value\\"}}\'"]',
      '  secret_outputs: [blob]',
      '',
    ].join('\n');
    const score = [
      ...HEAD,
      '      A: ${resources.one.blob}',
      '      B: ${resources.one.plain}',
      '      C: ${resources.two.blob}',
      'resources:',
      '  one:',
      '    type: opaque',
      '  two:',
      '    type: opaque-cmd',
      '',
    ].join('\n');
    const dir = await tempProject('secrets-declared', { 'score.yaml': score, 'mine.provisioners.yaml': provisioners });
    expect((await runIn(dir, ['init', '--no-sample', '--provisioners', 'mine.provisioners.yaml'])).code).toBe(0);
    const run = await runIn(dir, ['generate', 'score.yaml']);
    expect(run.code, run.stderr).toBe(0);
    const compose = await readFile(join(dir, 'compose.yaml'), 'utf8');
    expect(compose).not.toContain('Xy7-opaque-value');
    expect(compose).not.toContain('Qw3-cmd-value');
    expect(compose).toContain('visible-value');
    const vars = readProjectVariables(dir, {});
    expect(vars('OPAQUE_DEFAULT_APP_ONE_BLOB')).toBe('Xy7-opaque-value');
    expect(vars('OPAQUE_CMD_DEFAULT_APP_TWO_BLOB')).toBe('Qw3-cmd-value');
  });
});
