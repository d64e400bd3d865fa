// Container files → bind mounts of files generated under `<mounts directory>/files/`.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { substituteString } from '../placeholders/substitute.js';
import type { Resolver } from '../placeholders/types.js';
import type { Container } from '../score/types.js';
import type { ComposeServiceVolume } from '../compose/types.js';
import { rethrowAt } from './convert-error.js';
import { loadFileContent, type FileSourceAccess } from './file-content.js';
import { parseFileMode } from './file-mode.js';

/** A file to write before compose runs: path relative to the project directory. */
export interface MountFile {
  path: string;
  content: Buffer;
  mode: number;
}

/** What converting the files of one container needs. */
export interface FilesContext extends FileSourceAccess {
  workloadName: string;
  /** Relative to the project directory, e.g. `.score-compose/mounts`. */
  mountsDirectory: string;
  /** Resolves placeholders in file content; environment references resolve immediately. */
  resolve: Resolver;
  /** Mount file name per container and target, from planMountFileNames. */
  names: ReadonlyMap<string, string>;
}

/**
 * Chooses the generated file name of every file of a workload. The reference name
 * `<workload>-files-<basename>` is kept when it is unique in the workload, since existing
 * projects and goldens use it. Improvement over the reference: where two files would share it
 * (same basename in two targets or two containers) both get
 * `<workload>-<container>-files-<8 hex of sha256(target)>-<basename>` instead of overwriting each other.
 */
export function planMountFileNames(workloadName: string, containers: Record<string, Container>): Map<string, string> {
  const entries: { key: string; container: string; target: string; base: string }[] = [];
  for (const container of Object.keys(containers).sort()) {
    for (const target of Object.keys(containers[container]?.files ?? {}).sort()) {
      entries.push({ key: fileKey(container, target), container, target, base: baseName(target) });
    }
  }
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.base, (counts.get(e.base) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const e of entries) {
    const unique = counts.get(e.base) === 1;
    const hash = createHash('sha256').update(e.target).digest('hex').slice(0, 8);
    names.set(
      e.key,
      unique ? `${workloadName}-files-${e.base}` : `${workloadName}-${e.container}-files-${hash}-${e.base}`,
    );
  }
  return names;
}

/** Converts `containers.<c>.files` into bind mounts plus the files they mount. */
export function convertFiles(
  ctx: FilesContext,
  containerName: string,
  files: Container['files'],
): { mounts: ComposeServiceVolume[]; mountFiles: MountFile[] } {
  const mounts: ComposeServiceVolume[] = [];
  const mountFiles: MountFile[] = [];
  for (const target of Object.keys(files ?? {}).sort()) {
    const file = files?.[target];
    if (file === undefined) continue;
    const field = `containers.${containerName}.files[${target}]`;
    const loaded = loadFileContent(field, file, ctx);
    // A failing placeholder is in the inline content, or in the text of the source file.
    const at = typeof file.content === 'string' ? 'content' : 'source';
    const content = loaded.expand ? expand(field, at, loaded.bytes, ctx.resolve) : loaded.bytes;
    const { mode, readOnly } = parseFileMode(field, file.mode);
    const name = ctx.names.get(fileKey(containerName, target)) ?? `${ctx.workloadName}-files-${baseName(target)}`;
    const filePath = path.posix.join(ctx.mountsDirectory, 'files', name);
    mountFiles.push({ path: filePath, content, mode });
    mounts.push({ type: 'bind', source: filePath, target, ...(readOnly ? { read_only: true } : {}) });
  }
  return { mounts, mountFiles };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Substitutes placeholders in text content; bytes that are not UTF-8 are binary and left alone. */
function expand(field: string, at: string, bytes: Buffer, resolve: Resolver): Buffer {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return bytes;
  }
  try {
    return Buffer.from(substituteString(text, resolve, 'unescape'), 'utf8');
  } catch (err) {
    return rethrowAt(field, err, 'failed to substitute in content: ', { at });
  }
}

function fileKey(container: string, target: string): string {
  return `${container}\u0000${target}`;
}

/** The last path element of a target, without slashes, as the reference names mount files. */
function baseName(target: string): string {
  return path.posix.basename(target).replace(/^\/+|\/+$/g, '');
}
