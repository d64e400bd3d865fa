import { describe, expect, it } from 'vitest';
import { externalizeSecrets, reference, secretForms, secretTester } from '../../../src/secrets/externalize.js';
import { interpolateProject } from '../../../src/compose/interpolate.js';
import type { ComposeProject } from '../../../src/compose/types.js';

const secret = { name: 'DB_PASSWORD', value: 'p@ss w/rd+$x' };

describe('externalizeSecrets', () => {
  const project: ComposeProject = {
    name: 'demo',
    services: {
      app: {
        image: 'busybox',
        environment: {
          PGPASSWORD: 'p@ss w/rd+$$x',
          DB_URL: 'postgres://u:p%40ss%20w%2Frd%2B%24x@db:5432/app',
          TOKEN_B64: Buffer.from(secret.value).toString('base64'),
          PLAIN: 'nothing here',
        },
        healthcheck: { test: ['CMD-SHELL', 'check --password p@ss w/rd+$$x'] },
      },
    },
  };

  it('replaces every form of a secret by a reference, and keeps only the variables it used', () => {
    const { project: out, variables } = externalizeSecrets(project, [secret]);
    const app = out.services['app']!;
    expect(app.environment).toEqual({
      PGPASSWORD: reference('DB_PASSWORD'),
      DB_URL: `postgres://u:${reference('DB_PASSWORD_URLENCODED')}@db:5432/app`,
      TOKEN_B64: reference('DB_PASSWORD_BASE64'),
      PLAIN: 'nothing here',
    });
    expect(app.healthcheck?.test).toEqual(['CMD-SHELL', `check --password ${reference('DB_PASSWORD')}`]);
    expect(variables).toEqual({
      DB_PASSWORD: secret.value,
      DB_PASSWORD_BASE64: Buffer.from(secret.value).toString('base64'),
      DB_PASSWORD_URLENCODED: encodeURIComponent(secret.value),
    });
  });

  it('interpolates back to the very project it came from', () => {
    const { project: out, variables } = externalizeSecrets(project, [secret]);
    const back = interpolateProject(out, (n) => variables[n]);
    const original = interpolateProject(project, () => undefined);
    expect(back).toEqual(original);
  });

  it('stops compose with a way out when the variable is missing', () => {
    const { project: out } = externalizeSecrets(project, [secret]);
    expect(() => interpolateProject(out, () => undefined)).toThrow(/run score-compose generate to write it to \.env/);
  });

  it('leaves a project without secrets as it is', () => {
    expect(externalizeSecrets(project, [])).toEqual({ project, variables: {} });
  });
});

describe('secretForms and secretTester', () => {
  it('lists each distinct form once', () => {
    expect(secretForms({ name: 'A', value: 'abcd1234' }).map((f) => f.name)).toEqual(['A', 'A_BASE64', 'A_BASE64URL']);
  });

  it('finds a secret in text, encoded or not', () => {
    const holds = secretTester([secret]);
    expect(holds('x=p%40ss%20w%2Frd%2B%24x')).toBe(true);
    expect(holds(Buffer.from(`pw ${secret.value}`))).toBe(true);
    expect(holds('nothing')).toBe(false);
    expect(secretTester([])('anything')).toBe(false);
  });
});
