// Where a Score file's bytes come from: inline `content`, a `source` file next to the Score file,
// or base64 `binaryContent`, and whether placeholders apply.
import * as path from 'node:path';
import { PathRefused } from '../fs/confine.js';
import type { ContainerFile } from '../score/types.js';
import { fieldError } from './convert-error.js';

/** How file sources are found and read; the only IO conversion does. */
export interface FileSourceAccess {
  /** The Score file's directory as the user sees it (relative to the project directory), for messages. */
  scoreDir: string;
  projectDir: string;
  /**
   * Reads a file source: a regular file whose real path is inside `root` (the Score file's
   * directory, absolute). Throws Node errno errors or PathRefused.
   */
  readFile: (absPath: string, root: string) => Buffer;
}

/** The raw bytes of one file and whether `${...}` placeholders should be expanded in them. */
export interface LoadedContent {
  bytes: Buffer;
  expand: boolean;
}

/** Loads the bytes of `containers.<c>.files[<t>]`; `field` is that path. */
export function loadFileContent(field: string, file: ContainerFile, access: FileSourceAccess): LoadedContent {
  const expand = file.noExpand !== true;
  if (typeof file.content === 'string') return { bytes: Buffer.from(file.content, 'utf8'), expand };
  if (typeof file.source === 'string') return { bytes: readSource(field, file.source, access), expand };
  if (typeof file.binaryContent === 'string') {
    // Binary content is never expanded: it is meant to reach the container byte for byte.
    return { bytes: decodeStrictBase64(`${field}.binaryContent`, file.binaryContent), expand: false };
  }
  throw fieldError(field, `missing 'content', 'binaryContent', or 'source'`);
}

function readSource(field: string, source: string, access: FileSourceAccess): Buffer {
  if (!isLocalPath(source)) {
    throw fieldError(
      `${field}.source`,
      `must be a relative path within the Score file's directory`,
      'place the file next to the Score file (or below it) and give its relative path',
    );
  }
  const shown = path.join(access.scoreDir, source);
  const root = path.resolve(access.projectDir, access.scoreDir);
  try {
    return access.readFile(path.resolve(root, source), root);
  } catch (err) {
    throw fieldError(`${field}.source`, `failed to read: ${describeFsError(err, shown)}`);
  }
}

/** True for a non-empty relative path that stays below its base once `..` parts are resolved. */
export function isLocalPath(p: string): boolean {
  if (p === '' || path.isAbsolute(p) || p.includes('\0')) return false;
  const normal = path.normalize(p);
  return normal !== '..' && !normal.startsWith(`..${path.sep}`);
}

const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
};

/** Formats a Node errno error as `open <path>: no such file or directory`, the reference's wording. */
export function describeFsError(err: unknown, shownPath: string): string {
  if (err instanceof PathRefused) return `${shownPath}: ${err.reason}`;
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
    const text = ERRNO_TEXT[err.code];
    const syscall = 'syscall' in err && typeof err.syscall === 'string' ? err.syscall : 'open';
    if (text !== undefined) return `${syscall} ${shownPath}: ${text}`;
  }
  return err instanceof Error ? err.message : String(err);
}

const BASE64_ALPHABET = /[A-Za-z0-9+/]/;

/**
 * Decodes standard, padded base64 strictly (Node's decoder silently skips bad characters,
 * which would write a corrupt file instead of failing). Line breaks are ignored.
 */
export function decodeStrictBase64(field: string, input: string): Buffer {
  const text = input.replace(/[\r\n]/g, '');
  const fail = (at: number): never => {
    throw fieldError(field, `failed to decode base64: illegal base64 data at input byte ${at}`);
  };
  const padStart = text.indexOf('=');
  const body = padStart < 0 ? text : text.slice(0, padStart);
  for (let i = 0; i < body.length; i++) if (!BASE64_ALPHABET.test(body[i] as string)) fail(i);
  const padding = text.length - body.length;
  if (padding > 2 || /[^=]/.test(text.slice(body.length))) fail(body.length);
  if (text.length % 4 !== 0) fail(text.length - (text.length % 4));
  return Buffer.from(text, 'base64');
}
