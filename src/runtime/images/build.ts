// Building a service's image through `POST /build` (the classic builder): the context is packed
// here, honouring `.dockerignore`; fields only BuildKit understands fail clearly instead of being dropped.

import { isAbsolute, resolve } from 'node:path';
import type { ComposeBuild } from '../../compose/types.js';
import { ScoreComposeError, userError } from '../../common/errors.js';
import { createBuildContext } from './build-context.js';
import { isEngineUnreachable, type BuildOptions, type ContainerRuntime } from '../engine/container-runtime.js';
import { LABEL_PROJECT, LABEL_SERVICE } from '../identity/labels.js';
import type { ProgressReporter } from '../progress/reporter.js';
import { parseBytes } from '../../compose/units.js';

const BUILDKIT_ONLY = ['additional_contexts', 'ssh', 'secrets', 'privileged', 'entitlements', 'cache_to'] as const;

/** What a build needs besides the compose `build:` section. */
export interface BuildRequest {
  service: string;
  /** The image reference to tag (first tag). */
  ref: string;
  build: ComposeBuild;
  projectName: string;
  projectDir: string;
  /** Resolves `args` given without a value; unset ones are left out, as compose does. */
  env?: Record<string, string | undefined>;
  progress: ProgressReporter;
  signal?: AbortSignal;
}

/** The query options of `POST /build` for a compose `build:` section (without the context). */
export function buildOptions(
  req: Omit<BuildRequest, 'progress' | 'signal' | 'projectDir'>,
  dockerfile: string,
): BuildOptions {
  const { build, service } = req;
  for (const field of BUILDKIT_ONLY) {
    if (build[field] !== undefined) {
      throw userError(
        'input',
        `service "${service}" build.${field} needs BuildKit, which the Engine API builder cannot drive`,
        {
          hint: `build the image with \`docker compose build ${service}\` first, then run again without --build`,
        },
      );
    }
  }
  const platforms = build['platforms'];
  if (Array.isArray(platforms) && platforms.length > 1) {
    throw userError('input', `service "${service}" build.platforms: multi-platform builds need BuildKit`, {
      hint: 'keep one platform, or build with `docker buildx build`',
    });
  }
  const opts: BuildOptions = {
    tags: [req.ref, ...(build.tags ?? [])],
    dockerfile,
    labels: { ...stringMap(build['labels']), [LABEL_PROJECT]: req.projectName, [LABEL_SERVICE]: service },
    forcerm: true,
  };
  const args: Record<string, string> = {};
  for (const [k, v] of Object.entries(stringMapOrNull(build.args))) {
    const value = v ?? req.env?.[k];
    if (value !== undefined) args[k] = value;
  }
  if (Object.keys(args).length > 0) opts.buildargs = args;
  if (typeof build['target'] === 'string') opts.target = build['target'];
  if (build['no_cache'] === true) opts.nocache = true;
  if (build['pull'] === true) opts.pull = true;
  if (typeof build['network'] === 'string') opts.networkmode = build['network'];
  const hosts = build['extra_hosts'];
  if (Array.isArray(hosts)) opts.extrahosts = hosts.map(String);
  else if (hosts !== null && typeof hosts === 'object')
    opts.extrahosts = Object.entries(hosts).map(([h, ip]) => `${h}:${String(ip)}`);
  const shm = build['shm_size'];
  if (typeof shm === 'string' || typeof shm === 'number') opts.shmsize = parseBytes(shm);
  if (Array.isArray(platforms) && typeof platforms[0] === 'string') opts.platform = platforms[0];
  return opts;
}

/** Packs the context and builds; progress rows get each build output line. */
export async function buildServiceImage(runtime: ContainerRuntime, req: BuildRequest): Promise<void> {
  const { build, service, ref } = req;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(build.context) || build.context.startsWith('git@')) {
    throw userError(
      'input',
      `service "${service}" build.context '${build.context}' is a remote context, which the Engine API builder does not fetch`,
      {
        hint: 'clone the repository and point build.context at the local directory',
      },
    );
  }
  const contextDir = isAbsolute(build.context) ? build.context : resolve(req.projectDir, build.context);
  const rowId = `build:${service}`;
  req.progress.start(rowId, `Building ${service}`);
  const recent: string[] = [];
  try {
    const inline = build['dockerfile_inline'];
    const ctx = await createBuildContext(contextDir, {
      ...(build.dockerfile === undefined ? {} : { dockerfile: build.dockerfile }),
      ...(typeof inline === 'string' ? { dockerfileInline: inline } : {}),
    });
    const opts = buildOptions(req, ctx.dockerfile);
    if (req.signal !== undefined) opts.signal = req.signal;
    opts.onProgress = (m) => {
      if (typeof m.stream !== 'string') return;
      for (const line of m.stream.split('\n')) {
        if (line.trim() === '') continue;
        req.progress.log(rowId, line);
        recent.push(line.trimEnd());
        if (recent.length > 20) recent.shift();
      }
    };
    await runtime.buildImage(ctx.stream, opts);
    req.progress.finish(rowId, 'done');
  } catch (err) {
    req.progress.finish(rowId, 'error');
    const detail = err instanceof Error ? err.message.replace(/^build image \S+: /, '') : String(err);
    throw new ScoreComposeError(
      err instanceof ScoreComposeError && err.code === 'input'
        ? 'input'
        : isEngineUnreachable(err)
          ? 'engine'
          : 'runtime',
      `failed to build image '${ref}' for service '${service}': ${detail}`,
      { details: recent, cause: err },
    );
  }
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(stringMapOrNull(value))) if (v !== null) out[k] = v;
  return out;
}

// Compose accepts both `{K: V}` and `["K=V", "K"]` for args and labels.
function stringMapOrNull(value: unknown): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const s = String(item);
      const eq = s.indexOf('=');
      if (eq === -1) out[s] = null;
      else out[s.slice(0, eq)] = s.slice(eq + 1);
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out[k] = v === null || v === undefined ? null : String(v);
  }
  return out;
}
