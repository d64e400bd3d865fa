// Translates a corpus step test (score-compose's Go CLI tests kept as data) into steps the
// step runner can check. What the corpus keeps as Go text becomes a real check:
//   - Go-template provisioners and patch templates a step writes → our Handlebars versions in
//     test/fixtures/steps/<TestName>/<path> (passed to runStepTest as replacements);
//   - `assert` lines about state.yaml and the last run → checks of the state read with yaml;
//   - `subtest: validate compose spec` → `docker compose config` on the output;
//   - errors quoting Go library wording or Go template positions → prefix and final message
//     (corpus README §5);
//   - Go-template `--format` values → their Handlebars equivalents;
//   - TestGeneratePublishPorts' table of invalid --publish values → one run per value.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { expectComposeAccepts } from '../helpers/compose-check.js';
import { expectCleanError, fixtureFiles, readState } from './acceptance-helpers.js';
import { runStepTest, type CheckStep, type Step, type StepContext, type StepTest } from './step-runner.js';

type Check = CheckStep['check'];
const check = (fn: Check): Step => ({ check: fn }) as unknown as Step;

/** A test's replacements: every fixture file of test/fixtures/steps/<test>. */
export function replacementsFor(test: string): Record<string, string> {
  return fixtureFiles(join('steps', test));
}

const uidIn = (text: string) => /"([^"]+)"/.exec(text)?.[1] ?? '';
const stateOf = (ctx: StepContext) => readState(ctx.dir);

/** Go `assert` lines about the state and the last run, as checks. Undefined when not understood. */
function translateAssert(text: string, test: string): Check | undefined {
  let m: RegExpExecArray | null;
  if (text === 'True(ok)')
    return (ctx) => void expect(existsSync(join(ctx.dir, '.score-compose/state.yaml'))).toBe(true);
  if (text === 'Equal("", stderr)') return (ctx) => void expect(ctx.last?.stderr).toBe('');
  if (text === 'Equal(stdout, stdout2)')
    return (ctx) => void expect(ctx.runs.at(-1)?.stdout).toBe(ctx.runs.at(-2)?.stdout);
  if ((m = /^Len\(sd\.State\.(Workloads|Resources|SharedState), (\d+)\)$/.exec(text))) {
    const [, what, n] = m;
    const key = what === 'Workloads' ? 'workloads' : what === 'Resources' ? 'resources' : 'shared_state';
    return (ctx) => void expect(Object.keys(stateOf(ctx)[key]), text).toHaveLength(Number(n));
  }
  if ((m = /^Contains\(sd\.State\.Workloads, "([^"]+)"\)$/.exec(text))) {
    const name = m[1]!;
    return (ctx) => void expect(Object.keys(stateOf(ctx).workloads), text).toContain(name);
  }
  if ((m = /^Equal\("([^"]+)", \*sd\.State\.Workloads\["([^"]+)"\]\.File\)$/.exec(text))) {
    const [, file, name] = m;
    return (ctx) => void expect(stateOf(ctx).workloads[name!]?.file, text).toBe(file);
  }
  if ((m = /^Contains\(sd\.State\.Resources, framework\.ResourceUid\("([^"]+)"\)\)$/.exec(text))) {
    const uid = m[1]!;
    return (ctx) => void expect(Object.keys(stateOf(ctx).resources), text).toContain(uid);
  }
  if ((m = /^Contains\(sd\.State\.Resources\["([^"]+)"\]\.(State|Outputs), "([^"]+)"\)$/.exec(text))) {
    const [, uid, part, key] = m;
    return (ctx) => {
      const res = stateOf(ctx).resources[uid!];
      expect(res, `${text}: no resource ${uid}`).toBeDefined();
      expect(Object.keys((part === 'State' ? res!.state : res!.outputs) ?? {}), text).toContain(key);
    };
  }
  if (
    (m = /^NotEqual\(sd\.State\.Resources\["([^"]+)"\]\.State, sd\.State\.Resources\["([^"]+)"\]\.State\)$/.exec(text))
  ) {
    // Taken literally: TestGenerateS3Resource compares with a uid that does not exist (an upstream
    // typo), which Go sees as a nil state; so do we.
    const [, a, b] = m;
    return (ctx) => {
      const { resources } = stateOf(ctx);
      expect(resources[a!]?.state, `${text}: no state for ${a}`).toBeDefined();
      expect(resources[a!]?.state, text).not.toEqual(resources[b!]?.state);
    };
  }
  if ((m = /^Contains\(sd\.State\.SharedState, "([^"]+)"\)$/.exec(text))) {
    const key = m[1]!;
    return (ctx) => void expect(Object.keys(stateOf(ctx).shared_state), text).toContain(key);
  }
  if (
    test === 'TestInitAndGenerateWithNetworkServicesAcrossWorkloads' &&
    text.startsWith('Equal(map[string]interface{}{')
  ) {
    const uid = uidIn(text.slice(text.lastIndexOf('sd.State.Resources[')));
    return (ctx) => void expect(stateOf(ctx).resources[uid]?.state, text).toEqual({ hostname: 'example', port: 80 });
  }
  if (test === 'TestGenerateRouteResource' && text === 'Contains(instanceServiceName, "routing-")') {
    return (ctx) => void expect(routingServiceName(ctx)).toMatch(/^routing-[A-Za-z0-9]{6}$/);
  }
  if (test === 'TestGenerateRouteResource' && text.startsWith('Equal(map[string]interface{}{')) {
    // The reference's shared routing state. Ours keeps the same keys and values; we check them
    // as a subset because our router also records its service name there.
    const route = (path: string, pathType: string) => ({
      path,
      port: 8080,
      target: 'example:8080',
      path_type: pathType,
    });
    return (ctx) => {
      const shared = stateOf(ctx).shared_state;
      expect(Object.keys(shared), text).toEqual(['default-provisioners-routing-instance']);
      expect(shared['default-provisioners-routing-instance'], text).toMatchObject({
        hosts: {
          localhost1: {
            'route.default#example.r1': route('/first', 'Prefix'),
            'route.default#example.r2': route('/second', 'Prefix'),
          },
          localhost2: { 'route.default#example.r3': route('/third', 'Exact') },
        },
        instancePort: 8080,
      });
      const hosts = (shared['default-provisioners-routing-instance'] as { hosts: Record<string, object> }).hosts;
      expect(Object.keys(hosts).sort()).toEqual(['localhost1', 'localhost2']);
      expect(Object.keys(hosts['localhost1']!).sort()).toEqual([
        'route.default#example.r1',
        'route.default#example.r2',
      ]);
      expect(Object.keys(hosts['localhost2']!)).toEqual(['route.default#example.r3']);
    };
  }
  if (text === 'True(strings.HasSuffix(stdout, "\\n"))')
    return (ctx) => void expect(ctx.last?.stdout.endsWith('\n')).toBe(true);
  return undefined;
}

/** The routing service the route provisioner created, read from its shared state. */
function routingServiceName(ctx: StepContext): string {
  const instance = stateOf(ctx).shared_state['default-provisioners-routing-instance'] as
    Record<string, unknown> | undefined;
  return String(instance?.['instanceServiceName'] ?? '');
}

/** The file `expect_output_contains` of TestGenerateRouteResource looks at (corpus README §2.5). */
function nginxConf(ctx: StepContext): string {
  const path = join(ctx.dir, '.score-compose/mounts', routingServiceName(ctx), 'nginx.conf');
  expect(existsSync(path), `no ${path}`).toBe(true);
  return readFileSync(path, 'utf8');
}

// `resources get-outputs --format` takes a template: Go's in the reference, Handlebars here.
const FORMATS: Record<string, string> = {
  '{{ . | len }}': '{{ len this }}',
  '{{ . | len }}\n': '{{ len this }}\n',
};

/**
 * Our default dns provisioner also outputs `url` (docs/default-provisioners.md, "new output: dns
 * url"), so listings of a dns resource show one more key than the reference's.
 */
function withDnsUrl(expected: string): string {
  return expected
    .replace('| dns.default#example.dns    | host         |', '| dns.default#example.dns    | host, url    |')
    .replace(
      '"UID": "dns.default#example.dns",\n    "Outputs": [\n      "host"\n',
      '"UID": "dns.default#example.dns",\n    "Outputs": [\n      "host",\n      "url"\n',
    );
}

/**
 * How a step test runs: with our Handlebars re-authorings and default provisioners (the default),
 * or with the Go templates as written and `initArgs` on every `init` (score-compose's own default
 * provisioners), where the reference's outputs and Go template positions hold as they are.
 */
export interface TranslateOptions {
  goTemplates?: { initArgs: string[] };
}

/** The corpus test with every Go-specific step replaced by a check we can run. */
export function translate(t: StepTest, options: TranslateOptions = {}): StepTest {
  const steps: Step[] = [];
  let lastOutput = 'compose.yaml';
  const go = options.goTemplates;
  for (const step of t.steps) {
    if ('run' in step) {
      const argv = step.run as string[];
      const o = argv.findIndex((a) => a === '-o' || a === '--output');
      if (argv[1] === 'generate') lastOutput = o >= 0 ? (argv[o + 1] ?? 'compose.yaml') : 'compose.yaml';
      if (go !== undefined) {
        const initRun = argv[1] === 'init' && !argv.includes('--help');
        steps.push(initRun ? { run: [...argv, ...go.initArgs] } : step);
        continue;
      }
      const f = argv.indexOf('--format');
      const format = f >= 0 ? FORMATS[argv[f + 1] ?? ''] : undefined;
      if (f >= 0 && /\{\{\s*\./.test(argv[f + 1] ?? '') && format === undefined)
        throw new Error(`${t.test}: no Handlebars form for --format ${argv[f + 1]}`);
      steps.push(format === undefined ? step : { run: argv.map((a, i) => (i === f + 1 ? format : a)) });
    } else if (go === undefined && t.test === 'TestResourcesExample' && typeof step.expect_stdout_equals === 'string') {
      steps.push({ expect_stdout_equals: withDnsUrl(step.expect_stdout_equals) });
    } else if (typeof step.assert === 'string') {
      const fn = translateAssert(step.assert, t.test);
      if (!fn) throw new Error(`${t.test}: no translation for assert ${step.assert}`);
      steps.push(check(fn));
    } else if (step.subtest === 'validate compose spec') {
      const output = lastOutput;
      steps.push(check((ctx) => expectComposeAccepts(join(ctx.dir, output), ctx.dir)));
    } else if (
      t.test === 'TestGenerateRouteResource' &&
      ('expect_output_contains' in step || 'expect_output_not_contains' in step)
    ) {
      steps.push(
        check((ctx) => {
          const conf = nginxConf(ctx);
          if ('expect_output_contains' in step) expect(conf).toContain(String(step.expect_output_contains));
          else expect(conf).not.toContain(String(step.expect_output_not_contains));
        }),
      );
    } else if (t.test === 'TestInitAndGenerateWithBadFile' && 'expect_error_equals' in step) {
      // Go's YAML decoder words it `cannot unmarshal !!str `blah` into map[string]interface {}`.
      steps.push(
        check((ctx) =>
          expectCleanError(ctx.last!, {
            code: 1,
            prefix: "failed to decode 'thing' as yaml: ",
            contains: ['line 1', '`blah`'],
          }),
        ),
      );
    } else if (
      go === undefined &&
      t.test === 'TestInitAndGenerateWithNetworkServicesAcrossWorkloads' &&
      typeof step.expect_error_equals === 'string'
    ) {
      // `failed to execute template: template: :4:30: executing "" at <fail ...>: error calling fail: X`:
      // the Go template position is not reproducible; keep the prefix and the final message.
      const expected = step.expect_error_equals;
      const cut = expected.indexOf('failed to execute template: ') + 'failed to execute template: '.length;
      const finalMessage = expected.slice(expected.lastIndexOf('error calling fail: '));
      steps.push(
        check((ctx) => expectCleanError(ctx.last!, { code: 1, prefix: expected.slice(0, cut), suffix: finalMessage })),
      );
    } else {
      steps.push(step);
    }
  }
  const table = (t as StepTest & { table_cases?: { arg: string; expected_error: string }[] }).table_cases ?? [];
  for (const c of table) {
    steps.push({ run: ['score-compose', 'generate', 'score.yaml', '--publish', c.arg] });
    steps.push({ expect_error_equals: c.expected_error });
    steps.push({ expect_stdout_equals: '' });
  }
  return { test: t.test, steps };
}

/** Go-template files a test writes must all have a Handlebars replacement. */
export function goTemplatesWithoutReplacement(t: StepTest, replacements: Record<string, string>): string[] {
  return t.steps
    .filter((s) => 'write_file' in s && /\{\{/.test(String(s.content ?? '')))
    .map((s) => String(s.write_file))
    .filter((p) => replacements[p] === undefined);
}

/**
 * One vitest test per test of a corpus step file, each with its Go templates replaced by our
 * Handlebars fixtures (none may be left) and its Go-specific expectations translated; or, with
 * `goTemplates`, with its Go templates as written.
 */
export function itRunsEveryStepTest(tests: StepTest[], options: TranslateOptions = {}): void {
  for (const t of tests) {
    it(
      t.test,
      async () => {
        if (options.goTemplates !== undefined) {
          await runStepTest(translate(t, options));
          return;
        }
        const replacements = replacementsFor(t.test);
        expect(goTemplatesWithoutReplacement(t, replacements)).toEqual([]);
        await runStepTest(translate(t), replacements);
      },
      120_000,
    );
  }
}
