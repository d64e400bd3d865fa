/**
 * How template functions are declared: Go parameter types (which decide how constants and values
 * are converted, as reflect does for a Go func), a variadic element type, and a body that throws
 * `GoCallError` for the error result (or a panic) of the Go function.
 */
import type { GoValue } from './values.js';

/** A template function: its Go signature and body. */
export interface TemplateFunction {
  /** Go types of the fixed parameters: `string`, `int`, `interface {}`, `reflect.Value`, `map[string]T`... */
  readonly params: readonly string[];
  /** Go type of the elements of the variadic parameter, when there is one. */
  readonly variadic?: string;
  /** The body; receives one value per parameter (variadic ones spread at the end). */
  readonly call: (...args: GoValue[]) => GoValue;
}

/** A map of function names to functions (Go's template.FuncMap). */
export type FuncMap = ReadonlyMap<string, TemplateFunction>;

/** The error a Go function returned (or the panic it raised): `error calling <name>: <message>`. */
export class GoCallError extends Error {
  override readonly name = 'GoCallError';
}

/** Declares a function with fixed parameters. */
export function fn(params: readonly string[], call: (...args: GoValue[]) => GoValue): TemplateFunction {
  return { params, call };
}

/** Declares a variadic function: `params` fixed, then any number of `variadic`. */
export function vfn(
  params: readonly string[],
  variadic: string,
  call: (...args: GoValue[]) => GoValue,
): TemplateFunction {
  return { params, variadic, call };
}
