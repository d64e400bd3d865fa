// Sequences of generate runs, as a user makes them: the files are the truth when no file is
// given, per-workload flags are remembered, and outputs agree within one run.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runIn, tempProject } from '../../helpers/cli.js';

const score = (name: string, image = 'busybox', variables = 'GREETING: hello') => `apiVersion: score.dev/v1b1
metadata:
  name: ${name}
containers:
  main:
    image: ${image}
    variables:
      ${variables}
`;

async function project(files: Record<string, string>): Promise<string> {
  const dir = await tempProject('runs', files);
  const init = await runIn(dir, ['init', '--no-sample']);
  expect(init.code, init.stderr).toBe(0);
  return dir;
}

async function generate(dir: string, ...args: string[]) {
  const run = await runIn(dir, ['generate', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return { ...run, compose: parse(await readFile(join(dir, 'compose.yaml'), 'utf8')) as Compose };
}

type Compose = { services: Record<string, { image?: string; build?: unknown; environment?: Record<string, string> }> };

describe('generate without file arguments', () => {
  it('reads the recorded Score file again and says so', async () => {
    const dir = await project({ 'score.yaml': score('web') });
    await generate(dir, 'score.yaml');
    await writeFile(join(dir, 'score.yaml'), score('web', 'busybox', 'GREETING: edited'));
    const again = await generate(dir);
    expect(again.compose.services['web-main']?.environment?.GREETING).toBe('edited');
    expect(again.stderr).toContain('Reading the Score files the state records: score.yaml');
  });

  it('keeps the stored copy of a workload whose file is gone, with a warning', async () => {
    const dir = await project({ 'score.yaml': score('web') });
    await generate(dir, 'score.yaml');
    await rm(join(dir, 'score.yaml'));
    const again = await generate(dir);
    expect(again.compose.services['web-main']?.environment?.GREETING).toBe('hello');
    expect(again.stderr).toContain("WARN: Score file 'score.yaml' of workload 'web' no longer exists");
  });

  it('follows a rename of the workload in its file: the old name is removed', async () => {
    const dir = await project({ 'score.yaml': score('web') });
    await generate(dir, 'score.yaml');
    await writeFile(join(dir, 'score.yaml'), score('site'));
    const again = await generate(dir);
    expect(Object.keys(again.compose.services)).toEqual(['site-main']);
    expect(again.stderr).toContain("now names workload 'site', not 'web'");
  });

  it('applies the overrides the workload was generated with', async () => {
    const dir = await project({ 'score.yaml': score('web') });
    await generate(dir, 'score.yaml', '--override-property', 'containers.main.variables.EXTRA=one');
    await writeFile(join(dir, 'score.yaml'), score('web', 'busybox', 'GREETING: edited'));
    const again = await generate(dir);
    expect(again.compose.services['web-main']?.environment).toEqual({ GREETING: 'edited', EXTRA: 'one' });
    // Generating from the file again without overrides drops them, as the reference does.
    const plain = await generate(dir, 'score.yaml');
    expect(plain.compose.services['web-main']?.environment).toEqual({ GREETING: 'edited' });
    expect((await generate(dir)).compose.services['web-main']?.environment).toEqual({ GREETING: 'edited' });
  });
});

describe('per-workload flags are remembered', () => {
  it('--image for image ".", across runs with and without the file', async () => {
    const dir = await project({ 'score.yaml': score('web', '.') });
    await generate(dir, 'score.yaml', '--image', 'busybox:1');
    expect((await generate(dir)).compose.services['web-main']?.image).toBe('busybox:1');
    const named = await generate(dir, 'score.yaml');
    expect(named.compose.services['web-main']?.image).toBe('busybox:1');
  });

  it('--build, until --image replaces it', async () => {
    const dir = await project({ 'score.yaml': score('web', '.') });
    await generate(dir, 'score.yaml', '--build', 'main=./app');
    const again = await generate(dir, 'score.yaml');
    expect(again.compose.services['web-main']).toMatchObject({ build: { context: './app' } });
    expect(again.stderr).toContain('remembered from --build');
    const image = await generate(dir, 'score.yaml', '--image', 'busybox:2');
    expect(image.compose.services['web-main']).toMatchObject({ image: 'busybox:2' });
    expect(image.compose.services['web-main']?.build).toBeUndefined();
  });

  it('--build <workload>.<container>= works with several files', async () => {
    const dir = await project({ 'a.yaml': score('api', '.'), 'b.yaml': score('web') });
    const run = await generate(dir, 'a.yaml', 'b.yaml', '--build', 'api.main=./api');
    expect(run.compose.services['api-main']).toMatchObject({ build: { context: './api' } });
    const plain = await runIn(dir, ['generate', 'a.yaml', 'b.yaml', '--build', 'main=./api']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('--build cannot be used when multiple score files are provided');
    expect(plain.stderr).toContain('hint: name the workload: --build <workload>.<container>=<context dir>');
  });
});

describe('outputs agree within one run', () => {
  it('the dns url names the route port set in the same run', async () => {
    const withPort = (port: string) => `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: busybox
    variables:
      URL: \${resources.dns.url}
service:
  ports:
    http: {port: 8080, targetPort: 80}
resources:
  dns:
    type: dns
  route:
    type: route
${port}    params:
      host: \${resources.dns.host}
      path: /
      port: 8080
`;
    const dir = await project({ 'score.yaml': withPort('') });
    const first = await generate(dir, 'score.yaml');
    expect(first.compose.services['web-main']?.environment?.URL).toMatch(/^http:\/\/dns\w+\.localhost:8080$/);
    const annotated = '    metadata:\n      annotations:\n        compose.score.dev/route-provisioner-port: "9090"\n';
    await writeFile(join(dir, 'score.yaml'), withPort(annotated));
    const second = await generate(dir, 'score.yaml');
    expect(second.compose.services['web-main']?.environment?.URL).toMatch(/^http:\/\/dns\w+\.localhost:9090$/);
  });
});
