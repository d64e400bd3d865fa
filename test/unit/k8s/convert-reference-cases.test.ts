// score-k8s's converter unit tests (internal/convert/{container_files,container_variables,container_volumes}_test.go
// of score-spec/score-k8s 0.15) that convert-workload.test.ts does not already cover, on our converter's parts:
// the same input, the same volumes, mounts, ConfigMaps and variables out, and errors carrying the same facts.
// (workloads_test.go's one case, TestMassive, is convert-workload.test.ts's first test, byte for byte.)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertFile, type FileContext } from '../../../src/k8s/convert/files.js';
import { collapseFileMounts, type Volume } from '../../../src/k8s/convert/pod-volumes.js';
import { convertVariables, secretRefVariableName } from '../../../src/k8s/convert/variables.js';
import { KNOWN_VOLUME_FIELDS } from '../../../src/k8s/convert/volume-fields.js';
import { convertVolume } from '../../../src/k8s/convert/volumes.js';
import { encodeSecretRef } from '../../../src/k8s/secret-refs.js';
import type { ContainerFile } from '../../../src/score/types.js';

/** A resolver that must not be called (no placeholders to expand). */
const noSubstitutions = (ref: string): unknown => {
  throw new Error(`unexpected substitution of ${ref}`);
};

function fileContext(opts: { scoreDir?: string; resolve?: (ref: string) => unknown } = {}): FileContext {
  return {
    prefix: 'my-workload-c1-',
    resolve: opts.resolve ?? noSubstitutions,
    scoreDir: opts.scoreDir ?? '.',
    // A directory with no files in it: every source is missing.
    projectDir: '/nonexistent-score-k8s-project',
    readFile: (abs) => readFileSync(abs),
  };
}

const convert = (file: ContainerFile, opts: Parameters<typeof fileContext>[0] = {}) =>
  convertFile(fileContext(opts), 'containers.c1.files[/some/mount]', '/some/mount', file);

describe('container_files_test.go', () => {
  it('Test_convertContainerFile_invalid_mode', () => {
    // The reference: "mode: failed to parse 'xxx': strconv.ParseInt: parsing "xxx": invalid syntax".
    expect(() => convert({ mode: 'xxx' })).toThrow("containers.c1.files[/some/mount]: mode: failed to parse 'xxx'");
  });

  it('Test_convertContainerFile_no_content', () => {
    // The reference: "missing 'content' or 'source'" (it has no binaryContent to name).
    expect(() => convert({})).toThrow("missing 'content', 'binaryContent', or 'source'");
  });

  it('Test_convertContainerFile_unreadable_source', () => {
    // The reference: "source: failed to read file '<path>': open <path>: no such file or directory".
    expect(() => convert({ source: 'file.that.does.not.exist' })).toThrow(
      'containers.c1.files[/some/mount].source: failed to read: open file.that.does.not.exist: no such file or directory',
    );
  });

  it('Test_convertContainerFile_unreadable_source_relative: relative to the Score file', () => {
    expect(() => convert({ source: 'file.that.does.not.exist' }, { scoreDir: 'my' })).toThrow(
      'source: failed to read: open my/file.that.does.not.exist: no such file or directory',
    );
  });

  it('Test_convertContainerFile_content_no_expand: a ConfigMap holding the raw content', () => {
    const content = 'raw content with ${some.ref}';
    expect(convert({ content, noExpand: true })).toEqual({
      mount: { name: 'file-53b1563f1b', mountPath: '/some' },
      volume: {
        name: 'file-53b1563f1b',
        configMap: { name: 'my-workload-c1-file-53b1563f1b', items: [{ key: 'file', path: 'mount' }] },
      },
      configMap: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'my-workload-c1-file-53b1563f1b' },
        binaryData: { file: Buffer.from(content).toString('base64') },
      },
    });
  });

  it('Test_convertContainerFile_content_expand_mixed: a secret and other text is refused', () => {
    const resolve = () => encodeSecretRef('default', 'key');
    // The reference: "content: contained a mix of secret references and raw content".
    expect(() => convert({ content: 'raw content with ${some.ref}' }, { resolve })).toThrow(
      'content: mixes secret references with other text',
    );
  });

  it('Test_convertContainerFile_content_expand_with_secret: the Secret key mounted, no ConfigMap', () => {
    const resolve = (ref: string) => (ref === 'some.ref' ? encodeSecretRef('default', 'key') : undefined);
    expect(convert({ content: '${some.ref}' }, { resolve })).toEqual({
      mount: { name: 'file-53b1563f1b', mountPath: '/some' },
      volume: { name: 'file-53b1563f1b', secret: { secretName: 'default', items: [{ key: 'key', path: 'mount' }] } },
    });
  });
});

describe('container_variables_test.go', () => {
  const fromSecret = (name: string, key: string) => ({ valueFrom: { secretKeyRef: { name, key } } });
  // Test_generateSecretRefEnvVarName's values (''/'' is also in quantity-and-refs.test.ts).
  const SOME_KEY = '__ref_0960osB2KjQY08QKfHliCg';
  const OTHER_KEY = '__ref_mWObImRl7lfuP04NHDPsvA';
  const twoSecrets = (ref: string) =>
    ({ 'foo.bar': encodeSecretRef('default', 'some-key'), 'a.b': encodeSecretRef('default', 'other-key') })[ref];

  const env = (variables: Record<string, string>, resolve: (ref: string) => unknown) =>
    convertVariables('containers.c1', variables, resolve);

  it('Test_generateSecretRefEnvVarName', () => {
    expect(secretRefVariableName({ name: '', key: '' })).toBe('__ref_bGInLge7AUJiuCF1YpXFjQ');
    expect(secretRefVariableName({ name: 'hello', key: 'world' })).toBe('__ref_7nSlDImL8R05KcUzKJ00KQ');
    expect(secretRefVariableName({ name: 'hello', key: 'dan' })).toBe('__ref_pCu17eplmVon10uSLW8i8A');
    expect(secretRefVariableName({ name: 'default', key: 'some-key' })).toBe(SOME_KEY);
    expect(secretRefVariableName({ name: 'default', key: 'other-key' })).toBe(OTHER_KEY);
  });

  it('Test_convertContainerVariable_0: a plain value', () => {
    expect(env({ KEY: 'VALUE' }, noSubstitutions)).toEqual([{ name: 'KEY', value: 'VALUE' }]);
  });

  it('Test_convertContainerVariable_1_sub and _N_subs', () => {
    expect(env({ KEY: '${foo.bar}' }, () => '?')).toEqual([{ name: 'KEY', value: '?' }]);
    expect(env({ KEY: 'x${foo.bar}y${a.b}' }, () => '?')).toEqual([{ name: 'KEY', value: 'x?y?' }]);
  });

  it('Test_convertContainerVariable_1_secret: the whole value from the Secret', () => {
    expect(env({ KEY: '${foo.bar}' }, () => encodeSecretRef('default', 'some-key'))).toEqual([
      { name: 'KEY', ...fromSecret('default', 'some-key') },
    ]);
  });

  it('Test_convertContainerVariable_2_secret: helper variables composed with $(NAME)', () => {
    expect(env({ KEY: '${foo.bar} ${a.b}' }, twoSecrets)).toEqual([
      { name: SOME_KEY, ...fromSecret('default', 'some-key') },
      { name: OTHER_KEY, ...fromSecret('default', 'other-key') },
      { name: 'KEY', value: `$(${SOME_KEY}) $(${OTHER_KEY})` },
    ]);
  });

  it('Test_convertContainerVariables_sorting: helpers first, then by name', () => {
    expect(env({ BUZZ: 'FIZZ', KEY: '${foo.bar} ${a.b}', FIZZ: 'BUZZ' }, twoSecrets)).toEqual([
      { name: SOME_KEY, ...fromSecret('default', 'some-key') },
      { name: OTHER_KEY, ...fromSecret('default', 'other-key') },
      { name: 'BUZZ', value: 'FIZZ' },
      { name: 'FIZZ', value: 'BUZZ' },
      { name: 'KEY', value: `$(${SOME_KEY}) $(${OTHER_KEY})` },
    ]);
  });
});

describe('container_volumes_test.go', () => {
  const UID = 'volume.default#my-workload.thing';
  const volume = { source: UID, readOnly: true, path: 'sub' };
  const withOutputs = (outputs: Record<string, unknown> | undefined) =>
    convertVolume('containers.c1.volumes[/mount/path]', '/mount/path', volume, noSubstitutions, (uid) =>
      uid === UID ? outputs : undefined,
    );
  const problem = `failed to convert resource '${UID}' outputs into a Kubernetes volume`;

  it('Test_convertContainerVolume_not_found', () => {
    expect(() =>
      convertVolume('containers.c1.volumes[/x]', '/x', { source: 'unknown' }, noSubstitutions, () => undefined),
    ).toThrow("containers.c1.volumes[/x]: source: resource 'unknown' does not exist");
  });

  it('Test_convertContainerVolume_no_outputs', () => {
    expect(() => withOutputs({})).toThrow(`${problem}: either 'source' or 'claimSpec' required`);
  });

  it('Test_convertContainerVolume_empty_source', () => {
    expect(() => withOutputs({ source: {} })).toThrow(`${problem}: source is empty`);
  });

  it('Test_convertContainerVolume_bad_source: an unknown field of the volume source', () => {
    // The reference: `... into a Kubernetes volume: json: unknown field "fruit"`; ours gives its path.
    expect(() => withOutputs({ source: { emptyDir: { fruit: 'banana' } } })).toThrow(
      `${problem}: source: unknown field "emptyDir.fruit"`,
    );
    expect(() => withOutputs({ source: { emptyDri: {} } })).toThrow(`${problem}: source: unknown field "emptyDri"`);
    // The reference decodes a null type as none, and says "source is empty".
    expect(() => withOutputs({ source: { emptyDir: null } })).toThrow(
      `${problem}: source: "emptyDir" must be an object`,
    );
  });

  it('Test_convertContainerVolume_bad_claim: an unknown field of the claim spec', () => {
    expect(() => withOutputs({ claimSpec: { fruit: 'banana' } })).toThrow(
      `${problem}: claimSpec: unknown field "fruit"`,
    );
  });

  it('Test_convertContainerVolume_nominal_source: a pod volume, mounted read-only at the sub path', () => {
    expect(withOutputs({ source: { emptyDir: { sizeLimit: '10Mi' } } })).toEqual({
      mount: { name: 'vol-274e5357eb', mountPath: '/mount/path', subPath: 'sub', readOnly: true },
      volume: { name: 'vol-274e5357eb', emptyDir: { sizeLimit: '10Mi' } },
    });
  });

  it('Test_convertContainerVolume_nominal_claim: a claim template of the same name, no pod volume', () => {
    expect(withOutputs({ claimSpec: { storageClassName: 'default' } })).toEqual({
      mount: { name: 'vol-274e5357eb', mountPath: '/mount/path', subPath: 'sub', readOnly: true },
      claimTemplate: { metadata: { name: 'vol-274e5357eb' }, spec: { storageClassName: 'default' } },
    });
  });

  it('Test_collapseVolumeMounts_nominal: files sharing a directory become one projected volume', () => {
    const items = [{ key: 'k', path: 'p' }];
    const secret = (name: string, secretName: string): Volume => ({ name, secret: { secretName, items } });
    const configMap = (name: string, cm: string): Volume => ({ name, configMap: { name: cm, items } });
    const collapsed = collapseFileMounts(
      [secret('v1', 'x'), secret('v2', 'y'), secret('v3', 'z'), configMap('v4', 'a'), configMap('v5', 'b')],
      [
        { name: 'unknown', mountPath: '/thing' },
        { name: 'v1', mountPath: '/a' },
        { name: 'v2', mountPath: '/b' },
        { name: 'v3', mountPath: '/a' },
        { name: 'v4', mountPath: '/c' },
        { name: 'v5', mountPath: '/b' },
      ],
      { next: 0 },
    );
    expect(collapsed).toEqual({
      volumes: [
        {
          name: 'proj-vol-0',
          projected: { sources: [{ secret: { name: 'x', items } }, { secret: { name: 'z', items } }] },
        },
        {
          name: 'proj-vol-1',
          projected: { sources: [{ secret: { name: 'y', items } }, { configMap: { name: 'b', items } }] },
        },
        configMap('v4', 'a'),
      ],
      mounts: [
        { name: 'unknown', mountPath: '/thing' },
        { name: 'proj-vol-0', mountPath: '/a', readOnly: true },
        { name: 'proj-vol-1', mountPath: '/b', readOnly: true },
        { name: 'v4', mountPath: '/c' },
      ],
    });
  });
});

describe('the volume fields we accept', () => {
  // The property names the Kubernetes 1.33 schema (kubernetes-models' compiled validators) reads.
  const schemas = join(dirname(createRequire(import.meta.url).resolve('kubernetes-models/v1')), '..', '_schemas');
  const properties = (name: string) => {
    const text = readFileSync(join(schemas, `${name}.mjs`), 'utf8');
    const own = text.slice(0, text.indexOf('0===errors}'));
    return [...own.matchAll(/void 0===data\.(\w+)\|\|validate(\d+)/g)].map((m): [string, string] => [m[1]!, m[2]!]);
  };
  const sorted = (list: readonly string[]) => [...list].sort();

  it('are those of the Kubernetes volume sources and claim spec', () => {
    const volume = readFileSync(join(schemas, 'IoK8sApiCoreV1Volume.mjs'), 'utf8');
    const sources: Record<string, string[]> = {};
    for (const [type, n] of properties('IoK8sApiCoreV1Volume')) {
      if (type === 'name') continue;
      const file = new RegExp(`import\\{validate as validate${Number(n) + 1}\\}from"\\./(\\w+)\\.mjs"`).exec(
        volume,
      )![1]!;
      sources[type] = sorted(properties(file).map(([field]) => field));
    }
    expect(Object.keys(sources)).toHaveLength(30);
    expect(
      Object.fromEntries(Object.entries(KNOWN_VOLUME_FIELDS.sources).map(([type, fields]) => [type, sorted(fields)])),
    ).toEqual(sources);
    expect(sorted(KNOWN_VOLUME_FIELDS.claimSpec)).toEqual(
      sorted(properties('IoK8sApiCoreV1PersistentVolumeClaimSpec').map(([field]) => field)),
    );
  });
});
