// A stand-in for the discovery part of a Kubernetes API server, so that `kubectl apply
// --dry-run=client` can run with no cluster: kubectl maps each manifest's apiVersion and kind to a
// resource through discovery, then asks whether the object exists (404 here), and reports what it
// would create. Nothing else of the API is served.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The kinds served, by group version: what the default provisioners and conversion make. */
const KINDS: Record<string, [plural: string, kind: string, namespaced: boolean][]> = {
  v1: [
    ['configmaps', 'ConfigMap', true],
    ['secrets', 'Secret', true],
    ['services', 'Service', true],
    ['namespaces', 'Namespace', false],
    ['persistentvolumeclaims', 'PersistentVolumeClaim', true],
    ['serviceaccounts', 'ServiceAccount', true],
  ],
  'apps/v1': [
    ['deployments', 'Deployment', true],
    ['statefulsets', 'StatefulSet', true],
  ],
  'batch/v1': [['jobs', 'Job', true]],
  'networking.k8s.io/v1': [['ingresses', 'Ingress', true]],
  'gateway.networking.k8s.io/v1': [['httproutes', 'HTTPRoute', true]],
};

function resourceList(groupVersion: string) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: KINDS[groupVersion]!.map(([name, kind, namespaced]) => ({
      name,
      singularName: kind.toLowerCase(),
      namespaced,
      kind,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    })),
  };
}

function routes(): Map<string, unknown> {
  const groups = Object.keys(KINDS)
    .filter((gv) => gv.includes('/'))
    .map((gv) => {
      const [name, version] = gv.split('/') as [string, string];
      const v = { groupVersion: gv, version };
      return { name, versions: [v], preferredVersion: v };
    });
  const out = new Map<string, unknown>([
    ['/api', { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] }],
    ['/apis', { kind: 'APIGroupList', apiVersion: 'v1', groups }],
    ['/api/v1', resourceList('v1')],
  ]);
  for (const gv of Object.keys(KINDS).filter((g) => g.includes('/'))) out.set(`/apis/${gv}`, resourceList(gv));
  return out;
}

/** Starts the stand-in on a free loopback port; `url` is what `kubectl --server` takes. */
export async function startKubeDiscovery(): Promise<{ url: string; close: () => Promise<void> }> {
  const table = routes();
  const server: Server = createServer((req, res) => {
    const body = table.get((req.url ?? '').split('?')[0]!);
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        body ?? {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'NotFound',
          code: 404,
          message: 'not found',
        },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
