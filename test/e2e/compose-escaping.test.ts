// What a provisioner hands over reaches the container exactly: resource outputs holding `${HOME}`,
// `${resources.x.y}`, `$$`, a lone `$` and control characters are written into compose.yaml so
// that `docker compose config` (the real Compose v2, with HOME and every other variable set)
// reads back the provisioner's very bytes. No engine is needed, only Compose.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn, tempProject } from '../helpers/cli.js';
import { composeAvailable, composeConfigJson, skipOrFail } from '../helpers/docker-env.js';

/** The provisioner's outputs: key → value, each a case compose could misread. */
const VALUES: Record<string, string> = {
  home: '${HOME}',
  homePlain: '$HOME/bin',
  placeholder: '${resources.x.y}',
  doubled: '$$',
  lone: 'cost: 5 $',
  trailing: 'ends with $',
  defaulted: '${UNSET:-fallback}',
  required: '${UNSET?must be set}',
  unclosed: '${HOME',
  braces: '}{$}{',
  del: 'a\u007fb',
  c1: 'a\u008ab\u0085c',
  escape: '\u001b[31mred\u001b[0m',
  bell: 'ding\u0007',
  tabs: 'a\tb',
  newlines: 'line 1\nline 2\n',
  carriage: 'a\r\nb',
  separators: 'a\u2028b\u2029c',
  quotes: `'single' "double" \\back\\slash`,
  unicode: 'é€😀 ${ü}',
  yamlish: '- not: a list\n? {key}: *alias &anchor !tag',
  spaces: '  leading and trailing  ',
};

/** A YAML double-quoted scalar of `value` (JSON strings are YAML). */
const quoted = (value: string) => JSON.stringify(value);

const PROVISIONER = `- uri: template://e2e/literal-values
  type: literal-values
  outputs: |
${Object.entries(VALUES)
  .map(([key, value]) => `    ${key}: ${quoted(value)}`)
  .join('\n')}
`;

const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: web
containers:
  main:
    image: busybox:latest
    variables:
${Object.keys(VALUES)
  .map((key) => `      OUT_${key.toUpperCase()}: \${resources.values.${key}}`)
  .join('\n')}
resources:
  values:
    type: literal-values
`;

describe('resource outputs read back through docker compose config', () => {
  it('every value compose reports is the provisioner’s value, byte for byte', async (ctx) => {
    if (!composeAvailable()) skipOrFail(ctx, 'docker compose v2 is not installed');
    const dir = await tempProject('escaping', { 'score.yaml': SCORE });
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    await writeFile(join(dir, '.score-compose', '00-values.provisioners.yaml'), PROVISIONER);
    const run = await runIn(dir, ['generate', 'score.yaml']);
    expect(run.code, run.stderr).toBe(0);

    // Every variable compose could look up is set to something else: a value read as a
    // reference would show it.
    const env = { ...process.env, HOME: '/home/not-this', UNSET: 'set-after-all', HOME_X: 'x' };
    const config = await composeConfigJson(join(dir, 'compose.yaml'), dir, env);
    if (!config.ok) throw new Error(config.reason);
    const services = config.project['services'] as Record<string, { environment?: Record<string, string> }>;
    const environment = services['web-main']?.environment ?? {};
    for (const [key, value] of Object.entries(VALUES)) {
      // compose prints what it read as a compose file again, every literal `$` written `$$`.
      const printed = environment[`OUT_${key.toUpperCase()}`] ?? '';
      expect(printed.replaceAll('$$', ''), `${key}: a $ compose did not read as a literal`).not.toContain('$');
      expect(printed.replaceAll('$$', '$'), key).toBe(value);
    }
    // And the resource outputs as stored and printed are the provisioner's too.
    const outputs = await runIn(dir, ['resources', 'get-outputs', 'literal-values.default#web.values', '-f', 'json']);
    expect(JSON.parse(outputs.stdout)).toEqual(VALUES);
  }, 60_000);
});
