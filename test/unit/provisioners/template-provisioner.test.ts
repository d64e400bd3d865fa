import { describe, expect, it } from 'vitest';
import { loadProvisioner as load, provisionInput } from './fixtures.js';

// The reference's template_provisioner vector and its WorkloadServices note are in
// test/acceptance/vectors/template-provisioner.test.ts.

const context = { projectDir: '/tmp', env: {} };

describe('template stages', () => {
  it('threads Init, State and Shared through the stages in the documented order', async () => {
    const p = load(`
uri: template://order
type: thing
init: |
  seen: "state={{State.old}} init-has-state={{#if Init.x}}yes{{else}}no{{/if}}"
state: |
  old: "{{State.old}}"
  fromInit: "{{Init.seen}}"
  new: fresh
shared: |
  add: 1
  drop: null
  deep: {b: 2}
outputs: |
  state: "{{State.new}} {{State.fromInit}}"
  shared: "{{add Shared.add Shared.keep}} {{#if Shared.drop}}still{{else}}gone{{/if}} {{Shared.deep.a}}{{Shared.deep.b}}"
  data: "{{Uid}} {{Type}} {{Class}} {{Id}} {{Guid}} {{SourceWorkload}} {{ComposeProjectName}} {{MountsDirectory}} {{Metadata.m}} {{Params.p}}"
`);
    const out = await p.provision(
      provisionInput({
        state: { old: 'prev' },
        shared: { keep: 10, drop: true, deep: { a: 1 } },
        metadata: { m: 'mv' },
        params: { p: 'pv' },
      }),
      context,
    );
    expect(out.state).toEqual({ old: 'prev', fromInit: 'state=prev init-has-state=no', new: 'fresh' });
    expect(out.shared).toEqual({ add: 1, drop: null, deep: { b: 2 } });
    expect(out.outputs).toEqual({
      state: 'fresh state=prev init-has-state=no',
      shared: '11 gone 12',
      data: 'thing.default#w.r thing default w.r 00000000-0000-4000-8000-000000000000 w test .score-compose/mounts mv pv',
    });
  });

  it('without a state template the state is wiped and later stages see {}', async () => {
    const p = load(`{uri: template://s, type: thing, outputs: "n: {{len State}}"}`);
    const out = await p.provision(provisionInput({ state: { a: 1 } }), context);
    expect(out.state).toEqual({});
    expect(out.outputs).toEqual({ n: 0 });
    expect(out.shared).toBeUndefined();
  });

  it('skips empty templates and empty renders', async () => {
    const p = load(
      `{uri: template://e, type: thing, init: "   ", services: "{{#if Params.x}}a: {image: b}{{/if}}", volumes: "\\n"}`,
    );
    const out = await p.provision(provisionInput(), context);
    expect(out).toEqual({ state: {}, outputs: {} });
  });

  it('normalises compose short syntax in services', async () => {
    const p = load(`
uri: template://c
type: thing
services: |
  svc:
    image: x
    ports: ["8080:80", 9000]
    environment: ["A=1", "B"]
    depends_on: [db]
    command: echo "hello world"
    healthcheck:
      test: pg_isready
      interval: 2s
    volumes: ["data:/data:ro", "./conf:/etc/conf"]
volumes: |
  data:
networks: |
  net:
models: |
  m:
    model: ai/smollm2
`);
    const out = await p.provision(provisionInput(), context);
    expect(out.services).toEqual({
      svc: {
        image: 'x',
        ports: [{ target: 80, published: '8080' }, { target: 9000 }],
        environment: { A: '1', B: null },
        depends_on: { db: { condition: 'service_started', required: true } },
        command: ['echo', 'hello world'],
        healthcheck: { test: ['CMD-SHELL', 'pg_isready'], interval: '2s' },
        volumes: [
          { type: 'volume', source: 'data', target: '/data', read_only: true },
          { type: 'bind', source: './conf', target: '/etc/conf', bind: { create_host_path: true } },
        ],
      },
    });
    expect(out.volumes).toEqual({ data: {} });
    expect(out.networks).toEqual({ net: {} });
    expect(out.models).toEqual({ m: { model: 'ai/smollm2' } });
  });

  const failures: Array<[string, string, RegExp]> = [
    [
      'init',
      '{{fail "unknown workload"}}',
      /^init template failed: failed to execute template: .*: error calling fail: unknown workload$/,
    ],
    ['state', '- a', /^state template failed: failed to decode output: expected a map, got a list$/],
    ['shared', 'a: [', /^shared template failed: failed to decode output: /],
    ['outputs', '{{ Nope }}', /^outputs template failed: failed to execute template: .*"Nope" is not defined$/],
    [
      'directories',
      'a: yes',
      /^directories template failed: failed to decode output: directories\.a: expected true or false/,
    ],
    ['files', 'a: {b: c}', /^files template failed: failed to decode output: files\.a: expected the file content/],
    ['networks', 'n: 1', /^networks template failed: failed to decode output: network 'n' must be a map$/],
    ['services', 's: {ports: ["x:y"]}', /^services template failed: failed to decode output: invalid port 'x:y'/],
    ['volumes', '{{#if}}', /^volumes template failed: failed to parse template: /],
    ['models', '[1]', /^models template failed: failed to decode output: expected a map/],
    ['info_logs', 'a: b', /^info logs template failed: failed to decode output: expected a list of strings/],
  ];
  for (const [part, template, message] of failures) {
    it(`names the ${part} stage in its errors`, async () => {
      const p = load(JSON.stringify({ uri: 'template://f', type: 'thing', [part]: template }));
      await expect(p.provision(provisionInput(), context)).rejects.toThrow(message);
    });
  }

  it('keeps files that are deleted (null) and stringifies scalar contents', async () => {
    const p = load(`{uri: template://f, type: thing, files: "a: null\\nb: 5\\nc: text", directories: "d: false"}`);
    const out = await p.provision(provisionInput(), context);
    expect(out.files).toEqual({ a: null, b: '5', c: 'text' });
    expect(out.directories).toEqual({ d: false });
  });
});
