// The fields a volume resource's outputs may use (Kubernetes 1.33): a `source` is one volume source
// (its type, then that type's fields), a `claimSpec` a PersistentVolumeClaim spec. score-k8s decodes
// both into the Kubernetes types and refuses unknown fields; so do we, rather than writing a pod the
// API server refuses. Only the first two levels are checked: the typos a provisioner makes.
import { isRecord } from '../../common/is-record.js';

const VOLUME_SOURCES: Record<string, readonly string[]> = {
  awsElasticBlockStore: ['volumeID', 'fsType', 'partition', 'readOnly'],
  azureDisk: ['diskName', 'diskURI', 'cachingMode', 'fsType', 'kind', 'readOnly'],
  azureFile: ['secretName', 'shareName', 'readOnly'],
  cephfs: ['monitors', 'path', 'readOnly', 'secretFile', 'secretRef', 'user'],
  cinder: ['volumeID', 'fsType', 'readOnly', 'secretRef'],
  configMap: ['defaultMode', 'items', 'name', 'optional'],
  csi: ['driver', 'fsType', 'nodePublishSecretRef', 'readOnly', 'volumeAttributes'],
  downwardAPI: ['defaultMode', 'items'],
  emptyDir: ['medium', 'sizeLimit'],
  ephemeral: ['volumeClaimTemplate'],
  fc: ['fsType', 'lun', 'readOnly', 'targetWWNs', 'wwids'],
  flexVolume: ['driver', 'fsType', 'options', 'readOnly', 'secretRef'],
  flocker: ['datasetName', 'datasetUUID'],
  gcePersistentDisk: ['pdName', 'fsType', 'partition', 'readOnly'],
  gitRepo: ['repository', 'directory', 'revision'],
  glusterfs: ['endpoints', 'path', 'readOnly'],
  hostPath: ['path', 'type'],
  image: ['pullPolicy', 'reference'],
  iscsi: [
    'targetPortal',
    'iqn',
    'lun',
    'chapAuthDiscovery',
    'chapAuthSession',
    'fsType',
    'initiatorName',
    'iscsiInterface',
    'portals',
    'readOnly',
    'secretRef',
  ],
  nfs: ['server', 'path', 'readOnly'],
  persistentVolumeClaim: ['claimName', 'readOnly'],
  photonPersistentDisk: ['pdID', 'fsType'],
  portworxVolume: ['volumeID', 'fsType', 'readOnly'],
  projected: ['defaultMode', 'sources'],
  quobyte: ['registry', 'volume', 'group', 'readOnly', 'tenant', 'user'],
  rbd: ['monitors', 'image', 'fsType', 'keyring', 'pool', 'readOnly', 'secretRef', 'user'],
  scaleIO: [
    'gateway',
    'system',
    'secretRef',
    'fsType',
    'protectionDomain',
    'readOnly',
    'sslEnabled',
    'storageMode',
    'storagePool',
    'volumeName',
  ],
  secret: ['defaultMode', 'items', 'optional', 'secretName'],
  storageos: ['fsType', 'readOnly', 'secretRef', 'volumeName', 'volumeNamespace'],
  vsphereVolume: ['volumePath', 'fsType', 'storagePolicyID', 'storagePolicyName'],
};

const CLAIM_SPEC = [
  'accessModes',
  'dataSource',
  'dataSourceRef',
  'resources',
  'selector',
  'storageClassName',
  'volumeAttributesClassName',
  'volumeMode',
  'volumeName',
];

/** What is wrong with a volume `source` output (`unknown field "emptyDir.fruit"`), or undefined. */
export function volumeSourceProblem(source: Record<string, unknown>): string | undefined {
  for (const [type, value] of Object.entries(source)) {
    // A name is the volume's own field; conversion replaces it.
    if (type === 'name') continue;
    const fields = Object.hasOwn(VOLUME_SOURCES, type) ? VOLUME_SOURCES[type] : undefined;
    if (fields === undefined) return `unknown field "${type}"`;
    // A null type is no type at all: the pod would have a volume without a source.
    if (!isRecord(value)) return `"${type}" must be an object`;
    const unknown = Object.keys(value).find((f) => !fields.includes(f));
    if (unknown !== undefined) return `unknown field "${type}.${unknown}"`;
  }
  return undefined;
}

/** What is wrong with a volume `claimSpec` output, or undefined. */
export function claimSpecProblem(spec: Record<string, unknown>): string | undefined {
  const unknown = Object.keys(spec).find((f) => !CLAIM_SPEC.includes(f));
  return unknown === undefined ? undefined : `unknown field "${unknown}"`;
}

/** The table, for the test that checks it against the Kubernetes schema. */
export const KNOWN_VOLUME_FIELDS = { sources: VOLUME_SOURCES, claimSpec: CLAIM_SPEC };
