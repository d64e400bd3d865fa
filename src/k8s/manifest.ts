// A Kubernetes manifest as plain data: what conversion and provisioners produce and what
// `generate` writes. Keys are ordered when written, so objects are built in any order.

/** One Kubernetes object (`apiVersion`, `kind`, `metadata`, ...). */
export type Manifest = Record<string, unknown>;

/** The labels score-k8s puts on everything it makes for a workload, and selects pods by. */
export const LABEL_NAME = 'app.kubernetes.io/name';
export const LABEL_INSTANCE = 'app.kubernetes.io/instance';
export const LABEL_MANAGED_BY = 'app.kubernetes.io/managed-by';

/** Annotations read from the workload's metadata, and the one written on every workload object. */
export const ANNOTATION_PREFIX = 'k8s.score.dev/';
export const KIND_ANNOTATION = `${ANNOTATION_PREFIX}kind`;
export const WORKLOAD_NAME_ANNOTATION = `${ANNOTATION_PREFIX}workload-name`;
