// errorLocator: what an error is about (a subject, or a conversion field) → file:line:col in the
// Score file read this run; nothing for workloads without one, nor for errors already located.
import { describe, expect, it } from 'vitest';
import { ScoreComposeError } from '../../../src/common/errors.js';
import { errorLocator } from '../../../src/api/score-locations.js';
import { fieldError, rethrowAt } from '../../../src/convert/convert-error.js';
import { createResolver } from '../../../src/placeholders/resolve.js';
import { substituteString } from '../../../src/placeholders/substitute.js';
import { parseYamlDocument } from '../../../src/score/parse.js';
import { checkWorkload } from '../../../src/score/read.js';
import { thrown } from '../../helpers/thrown.js';

const TEXT = [
  'apiVersion: score.dev/v1b1', // 1
  'metadata:', // 2
  '  name: web', // 3
  'containers:', // 4
  '  main:', // 5
  '    image: busybox', // 6
  '    variables:', // 7
  '      URL: "http://${resources.db.hostname}/"', // 8
  '    files:', // 9
  '      - target: /etc/app.conf', // 10
  '        mode: "0000"', // 11
  '        content: hello', // 12
  'resources:', // 13
  '  db:', // 14
  '    type: postgres', // 15
  '',
].join('\n');

const parsed = parseYamlDocument(TEXT, 'app/score.yaml');
const raw = parsed.value as Record<string, unknown>;
const { workload } = checkWorkload(raw, 'app/score.yaml', parsed.locate);
const locate = errorLocator(new Map([['web', { file: 'app/score.yaml', raw, locate: parsed.locate }]]), (name) =>
  name === 'web' ? workload : undefined,
);

/** As convertWorkload wraps a field error. */
const converting = (err: ScoreComposeError) =>
  new ScoreComposeError('convert', `failed to convert workload 'web' to Docker compose: ${err.message}`, {
    cause: err,
  });

describe('errorLocator', () => {
  it('locates a subject, and keeps message, hint, details and code', () => {
    const err = new ScoreComposeError('provision', 'no provisioner', {
      hint: 'h',
      details: ['d'],
      subject: { workload: 'web', path: ['resources', 'db', 'type'] },
    });
    const located = locate(err) as ScoreComposeError;
    expect(located.location).toEqual({ file: 'app/score.yaml', line: 15, col: 11 });
    expect([located.code, located.message, located.hint, located.details]).toEqual([
      'provision',
      'no provisioner',
      'h',
      ['d'],
    ]);
  });

  it('locates a conversion field in the upgraded form at its list item, with the sub-field at fault', () => {
    const located = locate(
      converting(fieldError('containers.main.files[/etc/app.conf]', 'bad mode', undefined, 'mode')),
    );
    expect((located as ScoreComposeError).location).toEqual({ file: 'app/score.yaml', line: 11, col: 15 });
  });

  it('points at the failing placeholder inside the value', () => {
    const resolve = createResolver({
      metadata: {},
      resources: () => ({ uid: 'postgres.default#web.db', outputs: { host: 'h' } }),
      env: 'deferred',
    });
    const field = 'containers.main.variables.URL';
    const err = thrown(() => {
      try {
        substituteString('http://${resources.db.hostname}/', resolve, 'keep');
      } catch (nested) {
        rethrowAt(field, nested);
      }
    });
    const located = locate(converting(err)) as ScoreComposeError;
    expect(located.location).toEqual({ file: 'app/score.yaml', line: 8, col: 20 });
  });

  it('leaves alone errors already located, about workloads not read this run, and other values', () => {
    const placed = new ScoreComposeError('input', 'x', { location: { file: 'other.yaml', line: 1 } });
    expect(locate(placed)).toBe(placed);
    const elsewhere = new ScoreComposeError('provision', 'x', { subject: { workload: 'stored', path: ['resources'] } });
    expect(locate(elsewhere)).toBe(elsewhere);
    const plain = new Error('bug');
    expect(locate(plain)).toBe(plain);
  });
});
