// `validate`: checks Score files the way `generate` does, without a state directory and without
// writing anything in the project, for CI on every commit.
//
// Two stages, so one run reports as much as it can:
// 1. each file on its own: YAML, schema and semantic checks (every problem of every file);
// 2. for the files that pass: the whole generate pipeline (placeholders against the outputs the
//    resources really have, resource types against the provisioners, `service` references across
//    the files) in a throwaway project under the temp dir, with the default provisioners or
//    `--provisioners`, plus the provisioner files of the project's own `.score-compose/` when it
//    has one. Its errors are generate's own, word for word. A file that refers to a workload
//    whose file failed stage 1 (or, when a file could not even be read, to any workload not
//    passing) sits stage 2 out with it: generate would call that workload unknown, which is not
//    the problem. The cross-file name checks (missing or repeated metadata.name) stop both stages.
// A `cmd://` provisioner is run as generate would run it.
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ScoreComposeError } from '../common/errors.js';
import { silentLogger } from '../common/log.js';
import { checkWorkload, checkWorkloadFilesMetadata, readWorkloadFile } from '../score/read.js';
import type { ParsedYaml } from '../score/parse.js';
import type { Workload } from '../score/types.js';
import { STATE_DIR } from '../state/store.js';
import { generate } from './generate.js';
import { init } from './init.js';

type Locate = ParsedYaml['locate'];

/** One problem, located where it can be. */
export interface Problem {
  file?: string;
  line?: number;
  col?: number;
  message: string;
  hint?: string;
}

/** Options of {@link validate}. */
export interface ValidateOptions {
  projectDir: string;
  files: string[];
  /** Provisioner files to use besides (or, with `noDefaultProvisioners`, instead of) the defaults. */
  provisioners?: string[];
  noDefaultProvisioners?: boolean;
  /** What a `-` in `provisioners` reads, as `init --provisioners -` does. */
  stdin?: NodeJS.ReadableStream;
  env?: Record<string, string | undefined>;
}

/** `file:line:col rest`, as validation details are written. */
const DETAIL = /^(.+?):(\d+):(\d+) (.*)$/s;

/** The problems an error reports: each detail of a validation error, or the error itself. */
export function problemsOf(err: unknown): Problem[] {
  if (!(err instanceof ScoreComposeError)) return [{ message: err instanceof Error ? err.message : String(err) }];
  const hint = err.hint === undefined ? {} : { hint: err.hint };
  if (err.details.length > 0) {
    // Each detail with its own hint where the error keeps them apart, else the one hint on the first.
    const own = err.detailHints.length === err.details.length;
    return err.details.map((detail, i) => {
      const detailHint = own ? err.detailHints[i] : i === 0 ? err.hint : undefined;
      const withHint = detailHint === undefined ? {} : { hint: detailHint };
      const m = DETAIL.exec(detail);
      return m === null
        ? { message: `${err.message}: ${detail}`, ...withHint }
        : { file: m[1]!, line: Number(m[2]), col: Number(m[3]), message: m[4]!, ...withHint };
    });
  }
  const where = err.location;
  return [
    {
      ...(where === undefined ? {} : { file: where.file, ...(where.line === undefined ? {} : { line: where.line }) }),
      ...(where?.col === undefined ? {} : { col: where.col }),
      message: err.message,
      ...hint,
    },
  ];
}

/** Every problem found in `files`; empty when they would generate. */
export async function validate(opts: ValidateOptions): Promise<Problem[]> {
  const problems: Problem[] = [];
  const read: { file: string; raw: Record<string, unknown>; locate: Locate | undefined }[] = [];
  for (const file of opts.files) {
    try {
      const r = await readWorkloadFile(resolve(opts.projectDir, file), file);
      read.push({ file, raw: r.raw, locate: r.parsed.locate });
    } catch (err) {
      problems.push(...problemsOf(err));
    }
  }
  // In generate's order: the names across the files first, then each file's schema and semantics.
  try {
    checkWorkloadFilesMetadata(read);
  } catch (err) {
    return [...problems, ...problemsOf(err)];
  }
  const passed: Passed[] = [];
  const failedNames = new Set<string>();
  for (const r of read) {
    try {
      passed.push({ file: r.file, workload: checkWorkload(r.raw, r.file, r.locate).workload });
    } catch (err) {
      problems.push(...problemsOf(err));
      // checkWorkloadFilesMetadata passed, so every file read has a name.
      failedNames.add(String((r.raw['metadata'] as Record<string, unknown>)['name']));
    }
  }
  const unreadable = read.length < opts.files.length;
  const checked = generatable(passed, failedNames, unreadable);
  if (checked.length === 0) return problems;

  const scratch = await mkdtemp(join(tmpdir(), 'score-compose-validate-'));
  try {
    await init({
      projectDir: scratch,
      project: 'validate',
      noSample: true,
      noGitignore: true,
      // Local paths are the user's, relative to the project; URIs (https://, git-https://, oci://) stay as given.
      provisioners: (opts.provisioners ?? []).map((p) =>
        /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || p === '-' || p.startsWith('~') ? p : resolve(opts.projectDir, p),
      ),
      noDefaultProvisioners: opts.noDefaultProvisioners === true,
      ...(opts.stdin === undefined ? {} : { stdin: opts.stdin }),
      ...(opts.env === undefined ? {} : { env: opts.env }),
      logger: silentLogger,
    });
    await copyProjectProvisioners(opts.projectDir, join(scratch, STATE_DIR));
    await generate({
      projectDir: scratch,
      files: checked.map((f) => resolve(opts.projectDir, f)),
      output: join(scratch, 'compose.yaml'),
      inlineSecrets: true,
      ...(opts.env === undefined ? {} : { env: opts.env }),
      logger: silentLogger,
    });
  } catch (err) {
    problems.push(...problemsOf(err).map((p) => relativeTo(p, opts.projectDir)));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return problems;
}

/** A file that passed stage 1, with its upgraded, checked workload. */
interface Passed {
  file: string;
  workload: Workload;
}

/**
 * The names of the workloads a workload refers to: a resource's `workload` param (`service`,
 * `service-port` and provisioners written like them), else for a `service` resource the last part
 * of its id, as the default provisioner reads it.
 */
function referencedWorkloads(workload: Workload): string[] {
  const names: string[] = [];
  for (const [name, spec] of Object.entries(workload.resources ?? {})) {
    const param = spec.params?.['workload'];
    if (typeof param === 'string') names.push(param);
    else if (spec.type === 'service') names.push((spec.id ?? name).split('.').pop()!);
  }
  return names;
}

/**
 * The files stage 2 checks: those that passed stage 1, less each one that refers (directly or
 * through another left out) to a workload that failed it, or, when a file could not be read
 * (its name unknown), to a workload not among those passing. A reference to a name no file has
 * stays in: generate's "unknown workload" is then the real problem.
 */
function generatable(passed: readonly Passed[], failed: ReadonlySet<string>, unreadable: boolean): string[] {
  const names = new Set(passed.map((p) => p.workload.metadata.name));
  const out = new Set<string>(failed);
  let changed = true;
  while (changed) {
    changed = false;
    for (const p of passed) {
      const name = p.workload.metadata.name;
      if (out.has(name)) continue;
      const blocked = referencedWorkloads(p.workload).some((ref) => out.has(ref) || (unreadable && !names.has(ref)));
      if (blocked) {
        out.add(name);
        changed = true;
      }
    }
  }
  return passed.filter((p) => !out.has(p.workload.metadata.name)).map((p) => p.file);
}

/** The project's own provisioner files (`.score-compose/*.provisioners.yaml`), when it has a state directory. */
async function copyProjectProvisioners(projectDir: string, into: string): Promise<void> {
  const from = join(projectDir, STATE_DIR);
  const names = await readdir(from).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.provisioners.yaml'))) {
    await copyFile(join(from, name), join(into, name));
  }
}

/** Paths the scratch run printed absolute, relative to the project again. */
function relativeTo(problem: Problem, projectDir: string): Problem {
  const prefix = `${resolve(projectDir)}/`;
  const strip = (s: string) => s.split(prefix).join('');
  return {
    ...problem,
    ...(problem.file === undefined ? {} : { file: strip(problem.file) }),
    message: strip(problem.message),
    ...(problem.hint === undefined ? {} : { hint: strip(problem.hint) }),
  };
}
