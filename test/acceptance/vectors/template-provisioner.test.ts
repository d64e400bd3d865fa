// The reference's template_provisioner vector (score-compose-tests/unit_cases.yaml): the
// provisioner rendered part by part, and the WorkloadServices data its notes describe.
import { describe, expect, it } from 'vitest';
import { unitCases } from '../../helpers/corpus.js';
import { loadProvisioner as load, provisionInput } from '../../unit/provisioners/fixtures.js';

interface TemplateVector {
  provisioner: string;
  input: {
    uid: string;
    params: Record<string, unknown>;
    metadata: Record<string, unknown>;
    state: Record<string, unknown>;
    shared: Record<string, unknown>;
    project: string;
  };
  expected: Record<string, unknown>;
}
const vector = unitCases('template_provisioner') as TemplateVector;
const context = { projectDir: '/tmp', env: {} };

/** The vector's templates are Go templates; these are the mechanical Handlebars equivalents. */
function toHandlebars(goYaml: string): string {
  return goYaml
    .replace(/\{\{ \.([\w.]+) \| upper \}\}/g, '{{ upper $1 }}')
    .replace(/\{\{ \.([\w.]+) \}\}/g, '{{ $1 }}');
}

function vectorInput() {
  const { input } = vector;
  const [type, rest] = input.uid.split('.') as [string, string];
  const [cls, id] = rest.split('#') as [string, string];
  return provisionInput({
    uid: input.uid,
    type,
    class: cls,
    id,
    params: input.params,
    metadata: input.metadata,
    state: input.state,
    shared: input.shared,
    composeProjectName: input.project,
  });
}

async function expectVectorOutput(p: ReturnType<typeof load>): Promise<void> {
  expect(p).toMatchObject({
    uri: 'template://example',
    type: 'thing',
    description: 'desc',
    expectedOutputs: ['b', 'c'],
    supportedParams: ['ptest'],
  });
  expect(p.class).toBeUndefined(); // listed as (any)
  const out = await p.provision(vectorInput(), context);
  const e = vector.expected;
  expect(out.state).toEqual(e.resource_state);
  expect(out.shared).toEqual(e.shared_state);
  expect(out.outputs).toEqual(e.outputs);
  expect(out.directories).toEqual(e.directories);
  expect(out.files).toEqual(e.files);
  expect(out.networks).toEqual(e.networks);
  expect(out.volumes).toEqual(e.volumes);
  expect(out.services).toEqual(e.services);
  expect(out.infoLogs).toEqual(['This is a message', 'This is another message']);
}

describe('template_provisioner vector', () => {
  it('renders every part of the Go original, in order, to the expected output (Go engine)', async () => {
    const p = load(vector.provisioner);
    expect(p.engine).toBe('go');
    await expectVectorOutput(p);
  });

  it('renders the same from its Handlebars equivalent', async () => {
    const p = load(toHandlebars(vector.provisioner));
    expect(p.engine).toBe('handlebars');
    await expectVectorOutput(p);
  });

  it('forced onto Handlebars, refuses the Go original naming the stage and the Go construct', async () => {
    const p = load(`${vector.provisioner}\ntemplate_engine: handlebars\n`);
    await expect(p.provision(vectorInput(), context)).rejects.toThrow(
      /^init template failed: failed to parse template: template:\/\/example:1:4: \{\{ \.Uid \}\} is Go template syntax/,
    );
  });
});

describe('WorkloadServices data', () => {
  const note = (unitCases('template_provisioner') as { workload_services_input: string }).workload_services_input;
  it('exposes ports by name and number with capitalised fields', async () => {
    expect(note).toContain('ServiceName: w1');
    const p = load(`
uri: template://ws
type: thing
outputs: |
  {{#each WorkloadServices as |w name|}}
  {{name}}: "{{w.ServiceName}} {{#each w.Ports as |p k|}}{{k}}={{p.Name}}/{{p.Port}}/{{p.TargetPort}}/{{p.Protocol}};{{/each}}"
  {{/each}}
`);
    const web = { name: 'web', port: 80, targetPort: 80, protocol: 'TCP' };
    const grpc = { name: 'grpc', port: 9000, targetPort: 9001, protocol: 'UDP' };
    const out = await p.provision(
      provisionInput({ workloadServices: { w1: { serviceName: 'w1', ports: { web, 80: web, grpc, 9000: grpc } } } }),
      context,
    );
    // maps iterate in sorted key order
    expect(out.outputs).toEqual({
      w1: 'w1 80=web/80/80/TCP;9000=grpc/9000/9001/UDP;grpc=grpc/9000/9001/UDP;web=web/80/80/TCP;',
    });
  });

  it("is score-compose's typed data in a Go template", async () => {
    const p = load(`
uri: template://ws
type: thing
outputs: |
  {{ range $name, $w := .WorkloadServices }}
  {{ $name }}: "{{ $w.ServiceName }} {{ range $k, $p := $w.Ports }}{{ $k }}={{ $p.Name }}/{{ $p.Port }}/{{ $p.TargetPort }}/{{ $p.Protocol }};{{ end }}"
  {{ end }}
  port: {{ (index .WorkloadServices "w1").Ports.web.Port | add 1 }}
  params: "{{ .Params.missing }}"
  guid: {{ .Guid }}
`);
    const web = { name: 'web', port: 80, targetPort: 80, protocol: 'TCP' };
    const grpc = { name: 'grpc', port: 9000, targetPort: 9001, protocol: 'UDP' };
    const out = await p.provision(
      provisionInput({
        guid: 'g-1',
        params: undefined,
        workloadServices: { w1: { serviceName: 'w1', ports: { web, 80: web, grpc, 9000: grpc } } },
      }),
      context,
    );
    expect(out.outputs).toEqual({
      w1: 'w1 80=web/80/80/TCP;9000=grpc/9000/9001/UDP;grpc=grpc/9000/9001/UDP;web=web/80/80/TCP;',
      port: 81,
      params: '<no value>',
      guid: 'g-1',
    });
    const missing = load('uri: template://ws\ntype: thing\noutputs: "x: {{ .Nope }}"');
    await expect(missing.provision(provisionInput({}), context)).rejects.toThrow(
      'outputs template failed: failed to execute template: template: :1:6: executing "" at <.Nope>: can\'t evaluate field Nope in type *templateprov.Data',
    );
  });
});
