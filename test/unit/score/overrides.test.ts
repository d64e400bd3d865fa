import { describe, expect, it } from 'vitest';
import {
  applyOverrideProperties,
  applyOverridesFile,
  deletePath,
  parseOverrideProperty,
  parsePatchPath,
  setPath,
} from '../../../src/score/overrides.js';
import { thrown } from '../../helpers/thrown.js';

// The reference's override_property vectors (parseDotPath, setPath / deletePath) are in
// test/acceptance/vectors/score-overrides.test.ts.

describe('setPath / deletePath errors', () => {
  it('prefixes errors with every parent key', () => {
    const spec = { containers: { x: { image: 'nginx', args: ['a'] } } };
    expect(thrown(() => setPath(spec, ['containers', 'x', 'image', 'y'], 1)).message).toBe(
      'containers: x: image: cannot set path in non-map/non-array',
    );
    expect(thrown(() => deletePath(spec, ['containers', 'x', 'args', '3'])).message).toBe(
      "containers: x: args: cannot remove '3' in array: out of range",
    );
    expect(thrown(() => deletePath(spec, ['containers', 'x', 'args', '-1'])).message).toBe(
      "containers: x: args: cannot remove '-1' in array: out of range",
    );
  });

  it('refuses an empty path', () => {
    expect(thrown(() => setPath({}, [], 1)).message).toBe('cannot change root node');
  });

  it('creates missing maps, deletes missing paths as a no-op', () => {
    expect(setPath({ a: null }, ['a', 'b', 'c'], 1)).toEqual({ a: { b: { c: 1 } } });
    expect(deletePath({ a: {} }, ['a', 'b', 'c'])).toEqual({ a: {} });
    expect(deletePath({ a: 1, b: 2 }, ['a'])).toEqual({ b: 2 });
  });

  it('appends a new element for -1 in the middle of a path', () => {
    expect(setPath({ v: [{ s: 'a' }] }, ['v', '-1', 's'], 'b')).toEqual({ v: [{ s: 'a' }, { s: 'b' }] });
  });
});

describe('patch-style paths', () => {
  it('parses escapes and forced keys', () => {
    expect(parsePatchPath('services.some\\.thing.ports.-1')).toEqual(['services', 'some.thing', 'ports', '-1']);
    expect(parsePatchPath('labels.:0000')).toEqual(['labels', { key: '0000' }]);
    expect(parsePatchPath('a.\\:0')).toEqual(['a', ':0']);
  });

  it('creates lists for numeric steps, pads, and keeps forced keys as map keys', () => {
    const opts = { style: 'patch' } as const;
    expect(setPath({ services: { s: {} } }, parsePatchPath('services.s.ports.-1'), 1, opts)).toEqual({
      services: { s: { ports: [1] } },
    });
    expect(setPath({ a: [1] }, ['a', '2'], 3, opts)).toEqual({ a: [1, null, 3] });
    expect(setPath({}, parsePatchPath('a.:0000'), 'x', opts)).toEqual({ a: { '0000': 'x' } });
    expect(setPath({}, parsePatchPath('a.:0.b'), 'x', opts)).toEqual({ a: { '0': { b: 'x' } } });
    expect(deletePath({ a: [1] }, ['a', '5'], opts)).toEqual({ a: [1] });
  });

  it('renames a service by set + delete', () => {
    const project = { services: { old: { image: 'x' } } };
    const renamed = deletePath(
      setPath(project, ['services', 'new'], project.services.old, { style: 'patch' }),
      ['services', 'old'],
      {
        style: 'patch',
      },
    );
    expect(renamed).toEqual({ services: { new: { image: 'x' } } });
  });
});

describe('parseOverrideProperty', () => {
  it.each([
    ['containers.web.variables.DEBUG="true"', ['containers', 'web', 'variables', 'DEBUG'], 'true'],
    ['containers.web.variables.DEBUG=true', ['containers', 'web', 'variables', 'DEBUG'], true],
    ['a.b=5', ['a', 'b'], 5],
    ['a={a: b}', ['a'], { a: 'b' }],
    ['a=x=y', ['a'], 'x=y'],
    ['a\\.b.c=[1, 2]', ['a.b', 'c'], [1, 2]],
  ])('%s', (entry, p, value) => {
    expect(parseOverrideProperty(entry)).toEqual({ path: p, value, delete: false });
  });

  it('treats an empty value as delete', () => {
    expect(parseOverrideProperty('resources.thing=')).toEqual({
      path: ['resources', 'thing'],
      value: undefined,
      delete: true,
    });
  });

  it('reports a missing = and an unparsable value', () => {
    expect(thrown(() => parseOverrideProperty('abc')).message).toBe(
      "--override-property 'abc' is invalid, expected a =-separated path and value",
    );
    expect(thrown(() => parseOverrideProperty('a={b')).message).toMatch(
      /^--override-property 'a=\{b' is invalid, failed to unmarshal value as json: /,
    );
  });
});

describe('applyOverrideProperties', () => {
  it('applies entries in order and wraps failures', () => {
    const spec = { containers: { web: { image: 'nginx' } }, resources: { thing: { type: 't' } } };
    expect(
      applyOverrideProperties(spec, [
        'containers.web.image=busybox',
        'resources.thing=',
        'containers.web.variables.A=1',
      ]),
    ).toEqual({
      containers: { web: { image: 'busybox', variables: { A: 1 } } },
      resources: {},
    });
    expect(thrown(() => applyOverrideProperties(spec, ['containers.web.image.x=1'])).message).toBe(
      "--override-property 'containers.web.image.x=1' could not be applied: containers: web: image: cannot set path in non-map/non-array",
    );
  });
});

describe('applyOverridesFile', () => {
  it('merges maps, replaces scalars and lists, ignores nulls, never mutates', () => {
    const target = {
      metadata: { name: 'w', annotations: { a: '1' } },
      containers: { c: { image: 'x', args: ['1', '2'] } },
    };
    const overrides = {
      metadata: { annotations: { b: '2' }, name: null },
      containers: { c: { args: ['3'], image: 'y' } },
      service: { ports: {} },
    };
    const before = structuredClone(target);
    const out = applyOverridesFile(target, overrides);
    expect(out).toEqual({
      metadata: { name: 'w', annotations: { a: '1', b: '2' } },
      containers: { c: { image: 'y', args: ['3'] } },
      service: { ports: {} },
    });
    expect(target).toEqual(before);
    (out.service as { ports: Record<string, unknown> }).ports.x = 1;
    expect(overrides.service.ports).toEqual({});
  });

  it('accepts an empty document and rejects a non-map', () => {
    expect(applyOverridesFile({ a: 1 }, null)).toEqual({ a: 1 });
    expect(thrown(() => applyOverridesFile({}, ['x'])).message).toBe('expected a map at the top level, got a list');
  });
});
