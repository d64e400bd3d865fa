// Schema validation of an (upgraded) workload. The only module that touches ajv. Loading ajv
// and compiling the schema cost ~150 ms, more than the rest of `generate`, so the build
// writes a precompiled standalone validator (dist/score/schema-validator.cjs, see
// scripts/build-validator.mjs) and only a run without it (tests from src/) compiles here.
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { problemsFromSchemaErrors } from './schema-messages.js';
import type { Problem } from './problem.js';
import { WORKLOAD_SCHEMA } from './schema.js';
import { requireArtefact } from '../common/build-artefacts.js';

export type { Problem } from './problem.js';

let compiled: ValidateFunction | undefined;
const require = createRequire(import.meta.url);

/** The file the build writes beside this module. */
export const STANDALONE_VALIDATOR = 'schema-validator.cjs';

function createAjv(code?: { source: true }) {
  // ajv is CommonJS; require() keeps the load synchronous and lazy. Its `default` is the class.
  const Ajv2020 = (require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js')).default;
  // strictRequired is off: oneOf branches of the form {required: [field]} are the idiom for "exactly one of".
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    strict: true,
    strictRequired: false,
    ...(code ? { code } : {}),
  });
  ajv.addVocabulary(['x-message']);
  return ajv;
}

/** Compiles the schema with ajv at run time (the fallback when no standalone validator was built). */
export function compileWorkloadSchema(): ValidateFunction {
  return createAjv().compile(WORKLOAD_SCHEMA);
}

/** CommonJS source of a standalone validator for our schema, written by the build. */
export function standaloneValidatorSource(): string {
  const ajv = createAjv({ source: true });
  const standalone = (require('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js')).default;
  return standalone(ajv, ajv.compile(WORKLOAD_SCHEMA));
}

function loadValidator(): ValidateFunction {
  // Running from the TypeScript sources (tests): compile, so a schema edit takes effect at once.
  if (import.meta.url.endsWith('.ts')) return compileWorkloadSchema();
  try {
    return requireArtefact(`dist/score/${STANDALONE_VALIDATOR}`) as ValidateFunction;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    return compileWorkloadSchema();
  }
}

/** Validates a workload against our v1b1 schema; returns every problem found (empty when valid), sorted by path. */
export function validateWorkloadSchema(value: unknown): Problem[] {
  compiled ??= loadValidator();
  if (compiled(value)) return [];
  const errors: readonly ErrorObject[] = compiled.errors ?? [];
  return problemsFromSchemaErrors(errors, value);
}
