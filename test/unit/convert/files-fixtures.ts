// A project for the files → bind mounts tests (the unit tier and the reference's files_cases in
// the acceptance tier): a temp directory with `subdir/score.yaml` beside `subdir/original.txt`.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConvertInput } from '../../../src/convert/workload.js';
import type { ContainerFile, Workload } from '../../../src/score/types.js';

/** A project dir with `subdir/score.yaml` beside `subdir/original.txt`, as the Go test sets up. */
export function project(withOriginal = true): string {
  const dir = mkdtempSync(join(tmpdir(), 'sct-files-'));
  mkdirSync(join(dir, 'subdir'));
  writeFileSync(join(dir, 'subdir', 'score.yaml'), '');
  writeFileSync(join(dir, 'leak.txt'), 'secret');
  if (withOriginal) writeFileSync(join(dir, 'subdir', 'original.txt'), 'first ${metadata.name} second');
  return dir;
}

/** The conversion input of workload `my-workload`, container `my-container` holding `files`. */
export function input(
  dir: string,
  files: Record<string, ContainerFile>,
  extra: Partial<ConvertInput> = {},
): ConvertInput {
  const workload: Workload = {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'my-workload' },
    containers: { 'my-container': { image: 'busybox', files } },
  };
  return {
    workload,
    scoreFile: 'subdir/score.yaml',
    projectDir: dir,
    resources: () => undefined,
    mountsDirectory: '.score-compose/mounts',
    readFile: (p) => readFileSync(p),
    ...extra,
  };
}

/** How every conversion error of the workload `my-workload` starts. */
export const PREFIX = "failed to convert workload 'my-workload' to Docker compose: ";
