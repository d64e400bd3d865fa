import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateLocator, templatePositionIn } from '../../../src/provisioners/template-position.js';
import { runIn, tempProject } from '../../helpers/cli.js';

const FILE = `# custom provisioners
- uri: template://custom/go
  type: go-thing
  outputs: |
    a: 1
    b: {{ .State.nope | required "no state" }}
- uri: template://custom/quoted
  type: quoted-thing
  init: "x: {{ fail \\"boom\\" }}"
- uri: template://custom/hbs
  type: hbs-thing
  outputs: |-
      a: 1
      b: {{#if Params.x}}{{nope Params.x}}{{/if}}
`;

describe('template positions in the provisioner file', () => {
  it('maps a block scalar line and column, a quoted one-line value, and refuses what it cannot map', () => {
    const locate = templateLocator(FILE, 0);
    expect(locate('outputs', 2, 4)).toEqual({ line: 6, col: 8 });
    expect(templateLocator(FILE, 1)('init', 1, 4)).toEqual({ line: 9, col: 13 });
    expect(templateLocator(FILE, 1)('init', 2, 1)).toBeUndefined();
    expect(templateLocator(FILE, 2)('outputs', 2, 1)).toEqual({ line: 14, col: 7 });
    expect(locate('nope', 1, 1)).toBeUndefined();
    expect(templatePositionIn('failed to execute template: template: :4:30: executing')).toEqual({ line: 4, col: 30 });
    expect(templatePositionIn('template://custom/x:11:9: error calling fail')).toEqual({ line: 11, col: 9 });
    expect(templatePositionIn('failed to parse template: template: :2: function "x" not defined')).toEqual({
      line: 2,
      col: 1,
    });
    expect(templatePositionIn('connect to localhost:8080: refused')).toBeUndefined();
  });

  it('generate names file:line:col of the template error in the provisioner file, for Go and Handlebars', async () => {
    const dir = await tempProject('tp');
    expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
    await writeFile(join(dir, '.score-compose', '00-custom.provisioners.yaml'), FILE);
    const score = (type: string) =>
      `apiVersion: score.dev/v1b1\nmetadata:\n  name: web\ncontainers:\n  main:\n    image: busybox\nresources:\n  res:\n    type: ${type}\n    params:\n      x: 1\n`;
    for (const [type, at] of [
      ['go-thing', '00-custom.provisioners.yaml:6:5'],
      ['quoted-thing', '00-custom.provisioners.yaml:9:13'],
      ['hbs-thing', '00-custom.provisioners.yaml:14:'],
    ] as const) {
      await writeFile(join(dir, 'score.yaml'), score(type));
      const run = await runIn(dir, ['generate', 'score.yaml']);
      expect(run.code, type).not.toBe(0);
      expect(run.stderr, type).toContain(`of .score-compose/${at}`);
    }
  });
});
