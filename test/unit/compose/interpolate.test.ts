import { describe, expect, it } from 'vitest';
import type { ComposeProject } from '../../../src/compose/types.js';
import { interpolate, interpolateProject } from '../../../src/compose/interpolate.js';
import { escapeDollarsForCompose } from '../../../src/placeholders/escape-dollars.js';
import { thrown } from '../../helpers/thrown.js';

const vars: Record<string, string> = { SET: 'value', EMPTY: '', OTHER: 'o' };
const env = (name: string): string | undefined => vars[name];

describe('interpolate', () => {
  it.each([
    ['$SET', 'value'],
    ['${SET}', 'value'],
    ['a-${SET}-b$SET.c', 'a-value-bvalue.c'],
    ['${UNSET:-d}', 'd'],
    ['${EMPTY:-d}', 'd'],
    ['${SET:-d}', 'value'],
    ['${UNSET-d}', 'd'],
    ['${EMPTY-d}', ''],
    ['${SET:+alt}', 'alt'],
    ['${EMPTY:+alt}', ''],
    ['${EMPTY+alt}', 'alt'],
    ['${UNSET+alt}', ''],
    ['${SET?err}', 'value'],
    ['${EMPTY?err}', ''],
    ['${UNSET:-${OTHER}}', 'o'],
    ['${UNSET:-a b:c}', 'a b:c'],
    ['$$SET $${SET} $$', '$SET ${SET} $'],
    ['$1 $ $-x trailing$', '$1 $ $-x trailing$'],
    ['no vars', 'no vars'],
  ])('%s → %s', (input, output) => expect(interpolate(input, env)).toBe(output));

  it('turns an unset plain reference into "" and warns', () => {
    const warned: string[] = [];
    expect(interpolate('[$UNSET][${UNSET2}][${UNSET3:-x}]', env, (n) => warned.push(n))).toBe('[][][x]');
    expect(warned).toEqual(['UNSET', 'UNSET2']);
  });

  it('fails on a missing required variable', () => {
    expect(thrown(() => interpolate('${DB_USER?required}', env)).message).toBe(
      'required variable DB_USER is missing a value: required',
    );
    expect(thrown(() => interpolate('${EMPTY:?must be set}', env)).message).toBe(
      'required variable EMPTY is missing a value: must be set',
    );
    expect(thrown(() => interpolate('${UNSET:?}', env)).message).toBe('required variable UNSET is missing a value');
  });

  it('fails on an invalid template', () => {
    expect(thrown(() => interpolate('x ${1abc}', env)).message).toBe('invalid template: "x ${1abc}"');
    expect(thrown(() => interpolate('x ${SET', env)).message).toBe('invalid template: "x ${SET"');
    expect(thrown(() => interpolate('${}', env)).message).toBe('invalid template: "${}"');
  });

  it('undoes escapeDollarsForCompose, so commands reach the container as written', () => {
    for (const s of ['echo $A ${B} $C', 'PREFIX\\${VARIABLE}', 'x=$HOME/$1', '$?']) {
      expect(interpolate(escapeDollarsForCompose(s), () => 'WRONG')).toBe(s);
    }
  });
});

describe('interpolateProject', () => {
  const project: ComposeProject = {
    name: 'p',
    services: {
      web: {
        image: 'nginx:${TAG:-latest}',
        command: ['sh', '-c', 'echo $${GREETING}'],
        environment: { NAME: '${NAME}', ESCAPED: '$$_$${fizzbuzz}', 'KEY_${SET}': 'x', N: null },
        ports: [{ target: 80, published: '${PORT}' }],
      },
    },
  };

  it('interpolates every string value, never keys, without mutating', () => {
    const before = structuredClone(project);
    const warned: string[] = [];
    const out = interpolateProject(
      project,
      (n) => ({ NAME: 'bob', SET: 's' })[n],
      (n) => warned.push(n),
    );
    expect(out.services.web).toEqual({
      image: 'nginx:latest',
      command: ['sh', '-c', 'echo ${GREETING}'],
      environment: { NAME: 'bob', ESCAPED: '$_${fizzbuzz}', 'KEY_${SET}': 'x', N: null },
      ports: [{ target: 80, published: '' }],
    });
    expect(warned).toEqual(['PORT']);
    expect(project).toEqual(before);
  });

  it('warns once per variable', () => {
    const warned: string[] = [];
    interpolateProject(
      { services: { a: { image: '$X' }, b: { image: '${X}', user: '$Y' } } },
      () => undefined,
      (n) => warned.push(n),
    );
    expect(warned).toEqual(['X', 'Y']);
  });

  it('names the field of a failing value', () => {
    const p: ComposeProject = { services: { web: { environment: { U: '${DB_USER?required}' } } } };
    expect(thrown(() => interpolateProject(p, () => undefined)).message).toBe(
      'error while interpolating services.web.environment.U: required variable DB_USER is missing a value: required',
    );
  });
});
