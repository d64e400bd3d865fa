// Validates manifests against the Kubernetes OpenAPI schemas that kubernetes-models ships
// (Kubernetes 1.33): every manifest the k8s tests generate goes through here.
import * as apps from 'kubernetes-models/apps/v1';
import * as autoscaling from 'kubernetes-models/autoscaling/v2';
import * as batch from 'kubernetes-models/batch/v1';
import * as networking from 'kubernetes-models/networking.k8s.io/v1';
import * as policy from 'kubernetes-models/policy/v1';
import * as rbac from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import * as core from 'kubernetes-models/v1';
import type { Manifest } from '../../src/k8s/manifest.js';

const GROUPS: Record<string, Record<string, unknown>> = {
  v1: core,
  'apps/v1': apps,
  'autoscaling/v2': autoscaling,
  'batch/v1': batch,
  'networking.k8s.io/v1': networking,
  'policy/v1': policy,
  'rbac.authorization.k8s.io/v1': rbac,
};

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** Throws when `manifest` is not a valid object of its apiVersion and kind (or the kind is unknown). */
export function validateManifest(manifest: Manifest): void {
  const apiVersion = String(manifest['apiVersion']);
  const kind = String(manifest['kind']);
  const models = GROUPS[apiVersion];
  if (models === undefined) throw new Error(`no schema for apiVersion ${apiVersion}`);
  const Class = models[kind] as ModelClass | undefined;
  if (Class === undefined) throw new Error(`no schema for ${apiVersion} ${kind}`);
  const name = (manifest['metadata'] as { name?: string } | undefined)?.name;
  try {
    new Class(manifest).validate();
  } catch (err) {
    throw new Error(`${kind} ${name}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

export function validateManifests(manifests: readonly Manifest[]): void {
  for (const manifest of manifests) validateManifest(manifest);
}
