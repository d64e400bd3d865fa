// Schema validation of an (upgraded) workload. The only module that touches ajv. Loading ajv
// costs ~100 ms and compiling the schema ~80 ms, so both happen on first use only: commands
// that never validate do not pay for them.
// Later optimisation: ship a precompiled standalone validator (ajv/dist/standalone) generated
// at build time, which removes the load and compile steps from start-up entirely.
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { problemsFromSchemaErrors } from './schema-messages.js';
import type { Problem } from './problem.js';
import { WORKLOAD_SCHEMA } from './schema.js';

export type { Problem } from './problem.js';

let compiled: ValidateFunction | undefined;

function compileWorkloadSchema(): ValidateFunction {
  // ajv is CommonJS; require() keeps the load synchronous and lazy. Its `default` is the class.
  const require = createRequire(import.meta.url);
  const Ajv2020 = (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).default;
  // strictRequired is off: oneOf branches of the form {required: [field]} are the idiom for "exactly one of".
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false });
  ajv.addVocabulary(['x-message']);
  return ajv.compile(WORKLOAD_SCHEMA);
}

/** Validates a workload against our v1b1 schema; returns every problem found (empty when valid), sorted by path. */
export function validateWorkloadSchema(value: unknown): Problem[] {
  compiled ??= compileWorkloadSchema();
  if (compiled(value)) return [];
  const errors: readonly ErrorObject[] = compiled.errors ?? [];
  return problemsFromSchemaErrors(errors, value);
}
