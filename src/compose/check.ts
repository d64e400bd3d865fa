// The last check before compose.yaml is written: every value is one docker compose reads back
// as we mean it. Values the conversion writes are escaped at the source (convert/), but
// provisioners, patch templates and `--build` write compose syntax of their own: a `${` they
// leave open would make compose reject the whole file, and a name compose does not allow would
// too. Each problem names the compose field, and the workload or resource it came from.
import { ScoreComposeError } from '../common/errors.js';
import { isRecord } from '../common/is-record.js';
import { WORKLOAD_NAME_ANNOTATION } from './annotations.js';
import { interpolationProblem } from './interpolation-syntax.js';
import type { ComposeProject } from './types.js';

/** What the compose specification allows as the name of a service, volume, secret or config. */
const NAME = /^[a-zA-Z0-9._-]+$/;
const NAMED_SECTIONS = ['services', 'volumes', 'secrets', 'configs'] as const;
/** A UTF-16 surrogate without its pair: no UTF-8 text can hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws a ScoreComposeError listing every value of `project` that docker compose would reject or misread. */
export function checkComposeProject(project: ComposeProject): void {
  const problems: Problem[] = [];
  for (const section of NAMED_SECTIONS) {
    const entries = project[section];
    if (!isRecord(entries)) continue;
    for (const name of Object.keys(entries)) {
      if (!NAME.test(name)) {
        problems.push({
          path: [section, name],
          message: `${JSON.stringify(name)} is not a name compose accepts (letters, digits, '.', '_' and '-')`,
        });
      }
    }
  }
  walk(project, [], problems);
  if (problems.length === 0) return;
  const lines = problems.map((p) => `${p.path.join('.')}: ${p.message}${origin(project, p.path)}`);
  throw new ScoreComposeError(
    'convert',
    `docker compose would reject the generated compose file:${lines.length === 1 ? ` ${lines[0]}` : ''}`,
    {
      ...(lines.length > 1 ? { details: lines } : {}),
      hint: problems.some((p) => p.interpolation)
        ? 'docker compose reads `$` as the start of a variable (`$VAR`, `${VAR}`): a provisioner or patch template must write `$$` for a literal `$`'
        : 'fix the provisioner or patch template that writes this value',
    },
  );
}

interface Problem {
  path: string[];
  message: string;
  interpolation?: true;
}

/**
 * Why a key or value cannot be written at all, or undefined. A NUL reads back, but nothing
 * compose passes on (an image, a variable, a command, a label) can hold one: the engine takes
 * C strings, so the value would be cut short or refused when the stack starts.
 */
function unwritable(text: string, what: string): string | undefined {
  if (text.includes('\0')) return `${what} a NUL character, which no container setting can carry`;
  if (LONE_SURROGATE.test(text)) return `${what} an unpaired UTF-16 surrogate, which UTF-8 cannot encode`;
  return undefined;
}

/** Strings are checked as compose interpolates them (values, not keys); keys and values for what cannot be written. */
function walk(value: unknown, path: string[], problems: Problem[]): void {
  if (typeof value === 'string') {
    const bad = unwritable(value, 'holds');
    if (bad !== undefined) {
      problems.push({ path, message: bad });
      return;
    }
    const problem = interpolationProblem(value);
    if (problem !== undefined) problems.push({ path, message: problem, interpolation: true });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, [...path, String(i)], problems));
  } else if (isRecord(value)) {
    for (const [key, item] of Object.entries(value)) {
      const bad = unwritable(key, 'the key holds');
      if (bad !== undefined) problems.push({ path: [...path, key.replace(/\0/g, '\\0')], message: bad });
      else walk(item, [...path, key], problems);
    }
  }
}

/** `(workload 'x')` for a converted workload's service, `(written by a provisioner ...)` for the rest. */
function origin(project: ComposeProject, path: string[]): string {
  if (path[0] !== 'services' || path[1] === undefined) return '';
  const service = project.services[path[1]];
  const workload = service?.annotations?.[WORKLOAD_NAME_ANNOTATION];
  return typeof workload === 'string'
    ? ` (service of workload '${workload}')`
    : ' (a service written by a provisioner or patch template)';
}
