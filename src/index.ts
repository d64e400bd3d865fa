// Public library API of score-compose-ts: the same operations as the CLI, for programs and
// integration tests. Named exports only.
export { init, type InitOptions } from './init.js';
export { generate, type GenerateOptions, type GenerateResult } from './generate.js';
export { listResources, getResourceOutputs, type ResourceSummary } from './resources.js';
export { checkVersion } from './check-version.js';
export { stringifyCompose } from './compose/write.js';
export { ScoreComposeError, InternalError, EXIT_CODES, type ErrorCode, type SourceLocation } from './errors.js';
export { silentLogger, memoryLogger, type Logger } from './log.js';
export type { Workload, Container, ResourceSpec } from './score/types.js';
export type { ComposeProject, ComposeService } from './compose/types.js';
export type { State } from './state/types.js';
export { upStack, downStack, psStack, resolveProjectName, type UpStackOptions, type ProjectTarget } from './stack.js';
export type { ServiceStatus, PortStatus } from './runtime/ps.js';
export { connectRuntime } from './runtime/connect.js';
