// Container volumes → compose mounts. `${resources.<name>}` names a resource, whose outputs decide
// what is mounted.
import { splitReference } from '../placeholders/lex.js';
import { substituteString } from '../placeholders/substitute.js';
import type { ResourceBinding, ResourceBindings, Resolver } from '../placeholders/types.js';
import type { Container, Workload } from '../score/types.js';
import type { ComposeServiceVolume } from '../compose/types.js';
import { fieldError, rethrowAt } from './convert-error.js';
import { mountFromOutputs } from './volume-outputs.js';

/** What converting the volumes of one container needs. */
export interface VolumesContext {
  workload: Workload;
  resources: ResourceBindings;
  /** Finds any resource of the project by uid, for sources that spell a uid out. */
  resourceByUid?: (uid: string) => ResourceBinding | undefined;
  /** Resolves other placeholders in a source; environment references are deferred. */
  resolve: Resolver;
  /** Top-level compose volumes (from provisioners) a plain source may name. */
  declaredVolumes: readonly string[];
}

/** Raised by the source resolver so the message reaches the user without the `invalid ref` wrapping. */
class UnknownVolumeResource extends Error {}

/** Converts `containers.<c>.volumes`, targets in sorted order. */
export function convertVolumes(
  ctx: VolumesContext,
  containerName: string,
  volumes: Container['volumes'],
): ComposeServiceVolume[] {
  const out: ComposeServiceVolume[] = [];
  for (const target of Object.keys(volumes ?? {}).sort()) {
    const vol = volumes?.[target];
    if (vol === undefined) continue;
    const field = `containers.${containerName}.volumes[${target}]`;
    const source = resolveSource(ctx, field, vol.source);
    const binding = findResource(ctx, source);
    if (binding !== undefined) {
      try {
        out.push(mountFromOutputs(binding.uid, binding.outputs, target, vol.path, vol.readOnly === true));
      } catch (err) {
        rethrowAt(field, err, '', {
          at: 'source',
          hint: `a volume source names a resource whose outputs describe a mount, such as one of type 'volume' (resources: {data: {type: volume}}, source: \${resources.data})`,
        });
      }
      continue;
    }
    // Improvement over the reference: a plain name that no compose volume declares makes compose
    // reject the whole file later ("refers to undefined volume"), so fail here with a way out.
    if (!ctx.declaredVolumes.includes(source)) {
      throw fieldError(
        field,
        `volume source '${source}' is neither a resource nor a declared compose volume`,
        `declare a resource of type 'volume' (resources: {data: {type: volume}}) and use source: \${resources.data}`,
        'source',
      );
    }
    out.push({ type: 'volume', source, target, ...(vol.readOnly === true ? { read_only: true } : {}) });
  }
  return out;
}

/** Substitutes the source; a bare `${resources.<name>}` becomes that resource's uid. */
function resolveSource(ctx: VolumesContext, field: string, raw: string): string {
  const resolve: Resolver = (ref) => {
    const parts = splitReference(ref);
    if (parts.length === 2 && parts[0] === 'resources') {
      const name = parts[1] as string;
      const spec = ctx.workload.resources?.[name];
      if (spec === undefined) throw new UnknownVolumeResource(`resource '${name}' does not exist`);
      return ctx.resources(name)?.uid ?? defaultUid(ctx.workload.metadata.name, name, spec);
    }
    return ctx.resolve(ref);
  };
  try {
    return substituteString(raw, resolve, 'unescape');
  } catch (err) {
    const unknown = findUnknownResource(err);
    if (unknown !== undefined) {
      throw fieldError(field, unknown.message, 'declare it under the workload `resources`', 'source');
    }
    return rethrowAt(field, err, '', { at: 'source' });
  }
}

/** The resource whose uid the resolved source is: one of the workload's, else any in the project. */
function findResource(ctx: VolumesContext, source: string): ResourceBinding | undefined {
  for (const name of Object.keys(ctx.workload.resources ?? {})) {
    const binding = ctx.resources(name);
    if (binding?.uid === source) return binding;
  }
  return ctx.resourceByUid?.(source);
}

/** Finds our marker error even if the substitution step wrapped it. */
function findUnknownResource(err: unknown): UnknownVolumeResource | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof UnknownVolumeResource) return e;
  }
  return undefined;
}

/** `type.class#id` (class `default`, id `<workload>.<name>` unless set): the uid of a resource with no binding. */
function defaultUid(workloadName: string, name: string, spec: { type: string; class?: string; id?: string }): string {
  return `${spec.type}.${spec.class ?? 'default'}#${spec.id ?? `${workloadName}.${name}`}`;
}
