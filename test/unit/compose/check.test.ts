// checkComposeProject: the last check before compose.yaml is written. Each kind of value docker
// compose would reject or misread is refused, naming the field and where it came from.
import { describe, expect, it } from 'vitest';
import { checkComposeProject } from '../../../src/compose/check.js';
import { WORKLOAD_NAME_ANNOTATION } from '../../../src/compose/annotations.js';
import type { ComposeProject } from '../../../src/compose/types.js';
import { ScoreComposeError } from '../../../src/common/errors.js';
import { thrown } from '../../helpers/thrown.js';

const workloadService = { image: 'busybox', annotations: { [WORKLOAD_NAME_ANNOTATION]: 'web' } };
const project = (extra: Partial<ComposeProject> = {}): ComposeProject => ({
  name: 'p',
  services: { 'web-main': { ...workloadService }, ...(extra.services ?? {}) },
  ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'services')),
});

function rejection(p: ComposeProject): ScoreComposeError {
  const err = thrown(() => checkComposeProject(p));
  expect(err).toBeInstanceOf(ScoreComposeError);
  expect((err as ScoreComposeError).code).toBe('convert');
  expect((err as ScoreComposeError).message).toMatch(/^docker compose would reject the generated compose file/);
  return err as ScoreComposeError;
}

describe('checkComposeProject', () => {
  it('accepts what compose reads as meant: plain values, $$, and references provisioners write on purpose', () => {
    expect(() =>
      checkComposeProject(
        project({
          services: { db: { image: 'postgres:16', environment: { A: '$$HOME', B: '${HOME}', C: '${X:-default}' } } },
          volumes: { 'data_1.x': {} },
        }),
      ),
    ).not.toThrow();
  });

  it.each(['services', 'volumes', 'secrets', 'configs'] as const)(
    'refuses a %s name compose does not allow',
    (section) => {
      const p = project(
        section === 'services' ? { services: { 'a/b': { image: 'x' } } } : { [section]: { 'a b': {} } },
      );
      const err = rejection(p);
      expect(err.message).toMatch(new RegExp(`${section}\\.(a/b|a b): "(a/b|a b)" is not a name compose accepts`));
    },
  );

  it('refuses an interpolation compose would reject, with the hint to write $$', () => {
    const err = rejection(project({ services: { db: { image: '${HOME' } } }));
    expect(err.message).toContain('services.db.image: invalid interpolation format in "${HOME"');
    expect(err.message).toContain('(a service written by a provisioner or patch template)');
    expect(err.hint).toMatch(/must write `\$\$` for a literal `\$`/);
  });

  it('refuses a NUL character in a value, with the workload the service belongs to', () => {
    const err = rejection(project({ services: { 'web-main': { ...workloadService, image: 'busy\0box' } } }));
    expect(err.message).toContain(
      "services.web-main.image: holds a NUL character, which no container setting can carry (service of workload 'web')",
    );
    expect(err.hint).toBe('fix the provisioner or patch template that writes this value');
  });

  it('refuses a NUL character in a key, shown escaped', () => {
    const err = rejection(project({ services: { db: { image: 'x', environment: { 'A\0B': '1' } } } }));
    expect(err.message).toContain('services.db.environment.A\\0B: the key holds a NUL character');
  });

  it('refuses an unpaired surrogate in a value and in a key', () => {
    expect(rejection(project({ services: { db: { image: 'x\ud800' } } })).message).toContain(
      'services.db.image: holds an unpaired UTF-16 surrogate',
    );
    expect(rejection(project({ services: { db: { image: 'x', labels: { '\udc00': 'y' } } } })).message).toContain(
      'the key holds an unpaired UTF-16 surrogate',
    );
  });

  it('checks values at any depth, in lists too', () => {
    const err = rejection(project({ services: { db: { image: 'x', command: ['sh', '-c', 'echo ${'] } } }));
    expect(err.message).toContain('services.db.command.2: invalid interpolation format');
  });

  it('lists every problem at once', () => {
    const err = rejection(project({ services: { 'a/b': { image: '${' }, db: { image: 'a\0' } } }));
    expect(err.details).toHaveLength(3);
    expect(err.details.join('\n')).toMatch(/services\.a\/b: .*\n.*services\.a\/b\.image: .*\n.*services\.db\.image: /);
  });
});
