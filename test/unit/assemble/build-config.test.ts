// --build container=value (behaviour doc §7.4, TestInitAndGenerate_with_image_override).
import { describe, expect, it } from 'vitest';
import { parseBuildFlag } from '../../../src/assemble/build-config.js';

describe('parseBuildFlag', () => {
  it.each([
    ['example=./dir', { context: './dir' }],
    ['example={"context":"./dir","args":{"DEBUG":"true"}}', { context: './dir', args: { DEBUG: 'true' } }],
    ['example={"context":"./dir","args":["DEBUG"]}', { context: './dir', args: { DEBUG: null } }],
    ['example={context: "./dir"}', { context: './dir' }],
    [
      'example={context: ., dockerfile: Dockerfile.dev, args: [A=1, B], tags: [x:1], no_cache: true}',
      {
        context: '.',
        dockerfile: 'Dockerfile.dev',
        args: { A: '1', B: null },
        tags: ['x:1'],
        no_cache: true,
      },
    ],
    ['example={args: {N: 5}}', { context: '.', args: { N: '5' } }],
    ['example=a=b', { context: 'a=b' }],
  ])('%s', (flag, build) => {
    expect(parseBuildFlag(flag, { w: ['example'] })).toEqual({ container: 'example', build });
  });

  it.each([
    ['nothing', "invalid --build 'nothing': expected 2 =-separated parts"],
    ['other=./dir', "invalid --build 'other=./dir': unknown container 'other'"],
    ['example={"context": 1}', `invalid --build 'example={"context": 1}': context must be a string`],
    ['example={"bogus": 1}', `invalid --build 'example={"bogus": 1}': unknown field "bogus"`],
    ['example={unclosed', "invalid --build 'example={unclosed': "],
    ['example={args: 5}', 'args must be a map or a list'],
  ])('rejects %s', (flag, message) => {
    expect(() => parseBuildFlag(flag, { w: ['example'] })).toThrow(message);
  });

  it('names the workload with <workload>.<container> when several are generated', () => {
    const workloads = { api: ['main'], web: ['main', 'sidecar'] };
    expect(parseBuildFlag('web.sidecar=./side', workloads)).toEqual({
      workload: 'web',
      container: 'sidecar',
      build: { context: './side' },
    });
    expect(() => parseBuildFlag('main=./dir', workloads)).toThrow(
      "invalid --build 'main=./dir': several workloads are being generated: name the workload",
    );
    expect(() => parseBuildFlag('db.main=./dir', workloads)).toThrow(
      "invalid --build 'db.main=./dir': unknown workload 'db'",
    );
    expect(() => parseBuildFlag('api.other=./dir', workloads)).toThrow(
      "invalid --build 'api.other=./dir': unknown container 'other'",
    );
  });
});
