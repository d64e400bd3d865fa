// File modes of mounted files: an octal string, default 0644.
import { fieldError } from './convert-error.js';

/** The mode the file is written with, and whether the mount must be read-only. */
export interface MountedFileMode {
  mode: number;
  readOnly: boolean;
}

/**
 * Parses `mode` for `field`. A mode without owner-write is written owner-writable (so the
 * file can be replaced or removed from the host without sudo) and mounted read-only instead.
 */
export function parseFileMode(field: string, mode: string | undefined): MountedFileMode {
  if (mode === undefined) return { mode: 0o644, readOnly: false };
  if (!/^[+-]?[0-7]+$/.test(mode)) throw fieldError(field, `failed to parse '${mode}' as octal`, undefined, 'mode');
  const value = parseInt(mode, 8);
  if (value > 0o777) throw fieldError(field, 'mode must be <= 0777', undefined, 'mode');
  if ((value & 0o400) !== 0o400) throw fieldError(field, 'mode must be at least 0400', undefined, 'mode');
  if ((value & 0o600) !== 0o600) return { mode: value | 0o600, readOnly: true };
  return { mode: value, readOnly: false };
}
