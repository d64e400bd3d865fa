// Public library API of score-compose-ts: the same operations as the CLI, for programs and
// integration tests. Named exports only.
export { init, type InitOptions } from './api/init.js';
export { generate, type GenerateOptions, type GenerateResult } from './api/generate.js';
export { listResources, getResourceOutputs, type ResourceSummary } from './api/resources.js';
export {
  listWorkloads,
  listUnusedResources,
  removeWorkloads,
  pruneResources,
  type WorkloadSummary,
  type PruneResult,
} from './api/workloads.js';
export { checkVersion } from './api/check-version.js';
export { stringifyCompose } from './compose/write.js';
export { ScoreComposeError, EXIT_CODES, type ErrorCode, type SourceLocation } from './common/errors.js';
export { silentLogger, memoryLogger, type Logger } from './common/log.js';
export type { Workload, Container, ResourceSpec } from './score/types.js';
export type { ComposeProject, ComposeService } from './compose/types.js';
export type { State } from './state/types.js';
export { upStack, type UpStackOptions } from './api/up.js';
export { downStack, type DownStackOptions } from './api/down.js';
export { psStack, type PsStackOptions } from './api/ps.js';
export { logsStack, type LogsStackOptions } from './api/logs.js';
export { resolveProjectName, type ProjectTarget } from './api/project.js';
export type { ServiceStatus, PortStatus } from './runtime/ps.js';
export { connectRuntime } from './runtime/engine/connect.js';
export { portStack, type PortStackOptions } from './api/ps.js';
export type { HostPort } from './runtime/port.js';
export type { ExecResult } from './runtime/engine/container-runtime.js';
export {
  startEnvironment,
  ScoreEnvironment,
  type EnvironmentOptions,
  type EnvironmentDownOptions,
  type EnvironmentResponse,
  type EnvironmentRoute,
  type WaitStrategy,
} from './environment/environment.js';
export { projectGraph, type GraphOptions } from './api/graph.js';
export type { ProjectGraph, GraphNode, GraphEdge, EdgeKind } from './graph/model.js';
export { toMermaid, toDot, toJson } from './graph/formats.js';
export { toHtml } from './graph/html.js';
// score-k8s: the same Score files to Kubernetes manifests (init with `tool: SCORE_K8S`).
export { generateManifests, type K8sGenerateOptions, type K8sGenerateResult } from './api/k8s-generate.js';
export { SCORE_COMPOSE, SCORE_K8S, type Tool } from './common/tool.js';
export type { Manifest } from './k8s/manifest.js';
