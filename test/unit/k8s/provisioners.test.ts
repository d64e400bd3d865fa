import { describe, expect, it } from 'vitest';
import { parseProvisionerFile } from '../../../src/provisioners/load.js';
import type { ProvisionInput } from '../../../src/provisioners/types.js';
import { decodeCmdOutput, encodeCmdInput } from '../../../src/provisioners/cmd/cmd-io.js';

const input: ProvisionInput = {
  uid: 'postgres.default#web.db',
  type: 'postgres',
  class: 'default',
  id: 'web.db',
  guid: '0b5a2f2e-1111-4222-8333-944445555666',
  params: undefined,
  metadata: {},
  sourceWorkload: 'web',
  workloadServices: { web: { serviceName: 'web-svc', ports: {} } },
  state: {},
  shared: {},
  composeProjectName: '',
  mountsDirectory: '',
  namespace: 'shop',
  workloadMetadata: { name: 'web', team: 'a' },
};

const ctx = { projectDir: '/nonexistent', env: {} };

function k8sFile(engine: 'go' | 'hbs'): string {
  const t =
    engine === 'go'
      ? {
          out: 'password: {{ encodeSecretRef .State.service "password" }}\nns: {{ .Namespace | quote }}\nteam: {{ .WorkloadMetadata.team }}',
          state: 'service: pg-{{ .SourceWorkload }}',
          name: '{{ .State.service }}',
        }
      : {
          out: 'password: {{ encodeSecretRef State.service "password" }}\nns: {{ quote Namespace }}\nteam: {{ WorkloadMetadata.team }}',
          state: 'service: pg-{{ SourceWorkload }}',
          name: '{{ State.service }}',
        };
  return `- uri: template://t
  type: postgres
  state: |
    ${t.state}
  outputs: |
${t.out.replace(/^/gm, '    ')}
  manifests: |
    - apiVersion: v1
      kind: Secret
      metadata:
        name: ${t.name}
      data:
        password: cGFzcw==
`;
}

describe('score-k8s provisioners', () => {
  it.each(['go', 'hbs'] as const)(
    'render manifests, .Namespace, .WorkloadMetadata and encodeSecretRef (%s)',
    async (engine) => {
      const [p] = parseProvisionerFile(k8sFile(engine), 'x.provisioners.yaml', 'k8s');
      const out = await p!.provision(input, ctx);
      expect(out.outputs).toEqual({ password: '🔐💬pg-web_password💬🔐', ns: 'shop', team: 'a' });
      expect(out.manifests).toEqual([
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'pg-web' }, data: { password: 'cGFzcw==' } },
      ]);
    },
  );

  it("refuse the other tool's parts and fields", async () => {
    expect(() =>
      parseProvisionerFile('- uri: template://t\n  type: x\n  services: "a: {}"\n', 'x.provisioners.yaml', 'k8s'),
    ).toThrow(/field services not found in template provisioner/);
    expect(() =>
      parseProvisionerFile('- uri: template://t\n  type: x\n  manifests: "[]"\n', 'x.provisioners.yaml'),
    ).toThrow(/field manifests not found in template provisioner/);
    const [compose] = parseProvisionerFile(
      '- uri: template://t\n  type: x\n  outputs: "ns: {{ .Namespace }}"\n',
      'x.provisioners.yaml',
    );
    await expect(compose!.provision(input, ctx)).rejects.toThrow(/can't evaluate field Namespace/);
    const [k8s] = parseProvisionerFile(
      '- uri: template://t\n  type: x\n  outputs: "p: {{ .ComposeProjectName }}"\n',
      'x.provisioners.yaml',
      'k8s',
    );
    await expect(k8s!.provision(input, ctx)).rejects.toThrow(/can't evaluate field ComposeProjectName/);
  });

  it('check manifests: a list of objects with apiVersion, kind and a name', async () => {
    const bad = (manifests: string) =>
      parseProvisionerFile(
        `- uri: template://t\n  type: x\n  manifests: '${manifests}'\n`,
        'x.provisioners.yaml',
        'k8s',
      )[0]!.provision(input, ctx);
    await expect(bad('{a: 1}')).rejects.toThrow(/manifests template failed: failed to decode output: expected a list/);
    await expect(bad('[{kind: A, metadata: {name: n}}]')).rejects.toThrow(/manifests.0: apiVersion must be/);
    await expect(bad('[{apiVersion: v1, kind: A, metadata: {}}]')).rejects.toThrow(
      /manifests.0: metadata.name must be/,
    );
  });

  it("speak score-k8s's cmd:// JSON", () => {
    const stdin = JSON.parse(encodeCmdInput(input, 'k8s')) as Record<string, unknown>;
    expect(stdin).toMatchObject({
      namespace: 'shop',
      workload_metadata: { name: 'web', team: 'a' },
      resource_guid: input.guid,
    });
    expect(stdin).not.toHaveProperty('compose_project_name');
    expect(decodeCmdOutput('{"resource_outputs":{"k":"v"},"manifests":[]}', 'k8s')).toEqual({
      outputs: { k: 'v' },
      manifests: [],
    });
    expect(() => decodeCmdOutput('{"compose_services":{}}', 'k8s')).toThrow(/unknown field "compose_services"/);
    expect(() => decodeCmdOutput('{"manifests":[1]}', 'k8s')).toThrow(/manifests.0: expected a map/);
  });
});
