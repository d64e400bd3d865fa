// Container files → a ConfigMap each (mounted through a volume in the file's directory), or, when
// the whole content is one secret reference, the key of that Secret mounted as the file.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { loadFileContent, type FileSourceAccess } from '../../convert/file-content.js';
import { fieldError, rethrowAt } from '../../convert/convert-error.js';
import { substituteString } from '../../placeholders/substitute.js';
import type { Resolver } from '../../placeholders/types.js';
import type { ContainerFile } from '../../score/types.js';
import { decodeSecretRefs } from '../secret-refs.js';
import type { Manifest } from '../manifest.js';
import type { Volume, VolumeMount } from './pod-volumes.js';

/** The first 10 hex digits of the target's SHA-256: volume and ConfigMap names score-k8s gives. */
export function targetDigest(target: string): string {
  return createHash('sha256').update(target).digest('hex').slice(0, 10);
}

function parseMode(field: string, mode: string | undefined): number | undefined {
  if (mode === undefined) return undefined;
  if (!/^[0-7]+$/.test(mode)) throw fieldError(field, `mode: failed to parse '${mode}' as octal`, undefined, 'mode');
  const value = parseInt(mode, 8);
  if (value > 0o777) throw fieldError(field, 'mode must be <= 0777', undefined, 'mode');
  return value;
}

/** What one file becomes: its mount, its volume, and the ConfigMap holding it (none for a Secret). */
export interface ConvertedFile {
  mount: VolumeMount;
  volume: Volume;
  configMap?: Manifest;
}

export interface FileContext extends FileSourceAccess {
  /** `<workload>-<container>-`, the prefix of ConfigMap names. */
  prefix: string;
  resolve: Resolver;
}

export function convertFile(ctx: FileContext, field: string, target: string, file: ContainerFile): ConvertedFile {
  const digest = targetDigest(target);
  const dir = path.posix.dirname(target);
  // A volume mounted on a directory hides what the image has there; on `/` that is the whole
  // file system (the shell, the libraries), and the container cannot start. A file directly in
  // `/` is mounted on its own path instead (subPath of its volume). score-k8s mounts `/`.
  const mount: VolumeMount =
    dir === '/'
      ? { name: `file-${digest}`, mountPath: target, subPath: path.posix.basename(target) }
      : { name: `file-${digest}`, mountPath: dir };
  const mode = parseMode(field, file.mode);
  const item = { path: path.posix.basename(target), ...(mode === undefined ? {} : { mode }) };
  let { bytes } = loadFileContent(field, file, ctx);
  const expand = file.noExpand !== true && file.binaryContent === undefined;
  if (expand) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw fieldError(
        field,
        'content is not UTF-8 text, so placeholders cannot be expanded in it',
        'set noExpand: true, or give the bytes as binaryContent',
      );
    }
    let decoded: ReturnType<typeof decodeSecretRefs>;
    try {
      text = substituteString(text, ctx.resolve, 'unescape');
      decoded = decodeSecretRefs(text);
    } catch (err) {
      return rethrowAt(field, err, 'content: ');
    }
    const { parts, refs } = decoded;
    if (refs.length === 1 && parts[0] === '' && parts[1] === '') {
      const ref = refs[0]!;
      return {
        mount,
        volume: { name: mount.name, secret: { secretName: ref.name, items: [{ key: ref.key, ...item }] } },
      };
    }
    if (refs.length > 0) {
      throw fieldError(
        field,
        'content: mixes secret references with other text',
        'a secret can only be mounted as a whole file: give the secret output a file of its own',
      );
    }
    bytes = Buffer.from(text, 'utf8');
  }
  const name = `${ctx.prefix}file-${digest}`;
  return {
    mount,
    volume: { name: mount.name, configMap: { name, items: [{ key: 'file', ...item }] } },
    configMap: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
      binaryData: { file: bytes.toString('base64') },
    },
  };
}
