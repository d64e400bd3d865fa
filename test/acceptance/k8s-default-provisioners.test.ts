// Our default provisioners for score-k8s (provisioners-k8s/) against score-k8s's own defaults (shared corpus):
// every resource type the reference provisions has one of ours, with the same output keys and the same kinds of
// objects, and a resource state (and shared state) the reference wrote carries over to ours unchanged.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProvisionerFile } from '../../src/provisioners/load.js';
import { mergeSharedState } from '../../src/provisioners/shared-state.js';
import type { ProvisionInput, Provisioner } from '../../src/provisioners/types.js';
import { readCorpusFile } from '../helpers/corpus.js';

const REFERENCE = 'score-k8s/internal/provisioners/default/zz-default.provisioners.yaml';
const DIR = join(import.meta.dirname, '../../provisioners-k8s');
const ctx = { projectDir: '/nonexistent', env: {} };

/** The reference's entries of its documented example type are not defaults. */
const EXAMPLE_TYPE = 'example-provisioner-resource';

const PARAMS: Record<string, Record<string, unknown>> = {
  route: { host: 'example.com', port: 'http', path: '/api' },
  'service-port': { workload: 'web', port: 'http' },
};

/**
 * Outputs whose values differ from the reference's on purpose:
 * - service-port `port`: the Service's port, which clients of the Service connect to (the reference gives the
 *   container's target port, which the Service does not listen on unless both are equal);
 * - rabbitmq `password`: a Secret reference (the reference outputs the password itself);
 * - mongo and mssql `connection`: a reference to the whole string kept in the Secret (the reference's mongo
 *   string holds the password itself; its mssql one mixes a reference with text, which cannot be a file);
 * - kafka-topic `host`: lower case, as every Kubernetes object name (the reference draws mixed-case broker
 *   names, which the API server refuses).
 */
const DIFFERENT = new Set([
  'service-port.port',
  'amqp.password',
  'mongodb.connection',
  'mssql.connection',
  'kafka-topic.host',
]);

function input(type: string, over: Partial<ProvisionInput> = {}): ProvisionInput {
  return {
    uid: `${type}.default#web.res`,
    type,
    class: 'default',
    id: 'web.res',
    guid: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    params: PARAMS[type],
    metadata: {},
    sourceWorkload: 'web',
    workloadServices: {
      web: { serviceName: 'web', ports: { http: { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' } } },
    },
    state: {},
    shared: {},
    composeProjectName: '',
    mountsDirectory: '',
    namespace: 'shop',
    workloadMetadata: { name: 'web' },
    ...over,
  };
}

const kinds = (manifests: Record<string, unknown>[] | undefined) => (manifests ?? []).map((m) => m['kind']).sort();

/** Dotted paths of the leaves of a map, sorted. */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value)
    .flatMap(([k, v]) => leafPaths(v, prefix === '' ? k : `${prefix}.${k}`))
    .sort();
}

describe("default provisioners for score-k8s, against score-k8s's own", () => {
  const reference = parseProvisionerFile(readCorpusFile(REFERENCE), 'zz-default.provisioners.yaml', 'k8s').filter(
    (p) => p.type !== EXAMPLE_TYPE,
  );
  const ours = readdirSync(DIR)
    .filter((name) => name.endsWith('.yaml'))
    .flatMap((name) => parseProvisionerFile(readFileSync(join(DIR, name), 'utf8'), name, 'k8s'));

  it('cover the same resource types, with the same URIs, parameters and expected outputs', () => {
    const types = (ps: Provisioner[]) => ps.map((p) => p.type).sort();
    expect(types(ours)).toEqual(types(reference));
    for (const p of ours) {
      const ref = reference.find((r) => r.type === p.type)!;
      expect({ type: p.type, uri: p.uri, params: p.supportedParams }).toEqual({
        type: p.type,
        uri: ref.uri,
        params: ref.supportedParams,
      });
      expect([p.type, [...(p.expectedOutputs ?? [])].sort()]).toEqual([
        p.type,
        [...(ref.expectedOutputs ?? [])].sort(),
      ]);
    }
  });

  it.each(reference.map((p) => [p.type, p] as const))(
    '%s: same output keys and kinds of objects; the reference state carries over',
    async (type, ref) => {
      const our = ours.find((p) => p.type === type)!;
      const theirs = await ref.provision(input(type), ctx);
      const mine = await our.provision(input(type), ctx);
      expect(Object.keys(mine.outputs ?? {}).sort()).toEqual(Object.keys(theirs.outputs ?? {}).sort());
      expect(kinds(mine.manifests)).toEqual(kinds(theirs.manifests));
      // What the reference stores, ours stores too (ours may keep more).
      expect(Object.keys(mine.state ?? {})).toEqual(expect.arrayContaining(Object.keys(theirs.state ?? {})));
      expect(leafPaths(mine.shared ?? {})).toEqual(leafPaths(theirs.shared ?? {}));

      // Given the reference's state and shared state, ours names the same things and keeps the same values.
      const carried = await our.provision(
        input(type, { state: theirs.state ?? {}, shared: mergeSharedState({}, theirs.shared ?? {}) }),
        ctx,
      );
      for (const [key, value] of Object.entries(theirs.outputs ?? {})) {
        if (DIFFERENT.has(`${type}.${key}`)) expect(String(carried.outputs?.[key])).not.toBe('');
        else expect([key, carried.outputs?.[key]]).toEqual([key, value]);
      }
      // The same objects, by kind and name (in lower case, which the reference does not always draw).
      const names = (manifests: Record<string, unknown>[] | undefined) =>
        (manifests ?? [])
          .map((m) => `${String(m['kind'])}/${(m['metadata'] as { name: string }).name.toLowerCase()}`)
          .sort();
      expect(names(carried.manifests)).toEqual(names(theirs.manifests));
    },
  );
});
