// Conversion errors keep their field apart from the message, and fieldPathOf maps it back to the
// workload path a Score file position is looked up by.
import { describe, expect, it } from 'vitest';
import { FieldError, fieldError, fieldPathOf, rethrowAt } from '../../../src/convert/convert-error.js';
import type { Workload } from '../../../src/score/types.js';

const workload = {
  apiVersion: 'score.dev/v1b1',
  metadata: { name: 'web' },
  containers: {
    main: {
      image: 'x',
      variables: { 'A.B': 'x', PLAIN: 'y' },
      files: { '/etc/a.conf': { content: 'x' }, '/etc/[odd].d/x': { source: 'x' } },
      volumes: { '/data': { source: 'x' } },
    },
    'main.sidecar': { image: 'y' },
  },
} as unknown as Workload;

describe('fieldPathOf', () => {
  it.each([
    ['containers.main.variables.A.B', undefined, ['containers', 'main', 'variables', 'A.B']],
    ['containers.main.files[/etc/a.conf]', 'content', ['containers', 'main', 'files', '/etc/a.conf', 'content']],
    [
      'containers.main.files[/etc/[odd].d/x].source',
      undefined,
      ['containers', 'main', 'files', '/etc/[odd].d/x', 'source'],
    ],
    ['containers.main.volumes[/data]', 'source', ['containers', 'main', 'volumes', '/data', 'source']],
    ['containers.main.resources.limits.cpu', undefined, ['containers', 'main', 'resources', 'limits', 'cpu']],
    ['containers.main.sidecar.livenessProbe', undefined, ['containers', 'main.sidecar', 'livenessProbe']],
    ['containers.main', undefined, ['containers', 'main']],
  ] as const)('%s (+%s)', (field, at, want) => {
    expect(fieldPathOf(field, workload, at)).toEqual(want);
  });

  it('is undefined for a field outside the containers it knows', () => {
    expect(fieldPathOf('containers.other.image', workload)).toBeUndefined();
    expect(fieldPathOf('service.ports', workload)).toBeUndefined();
  });
});

describe('field errors', () => {
  it('keep the message form, the field and the sub-field at fault', () => {
    const err = fieldError('containers.main.files[/x]', "failed to parse 'z' as octal", undefined, 'mode');
    expect(err).toBeInstanceOf(FieldError);
    expect(err.message).toBe("containers.main.files[/x]: failed to parse 'z' as octal");
    expect((err as FieldError).at).toBe('mode');
  });

  it('rethrowAt keeps a nested hint first, else uses its own', () => {
    const nested = fieldError('inner', 'bad', 'nested hint');
    expect(() => rethrowAt('containers.main.volumes[/d]', nested, '', { at: 'source', hint: 'own' })).toThrow(
      expect.objectContaining({ hint: 'nested hint', field: 'containers.main.volumes[/d]', at: 'source' }),
    );
    expect(() => rethrowAt('f', new Error('plain'), 'p: ', { hint: 'own' })).toThrow(
      expect.objectContaining({ message: 'f: p: plain', hint: 'own' }),
    );
  });
});
