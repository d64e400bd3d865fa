import { mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/common/package-version.js';
import { runIn, tempProject } from '../helpers/cli.js';
import { corpusDir } from '../helpers/corpus.js';
import { shellWords } from '../helpers/shell-words.js';
import { expectCleanError, projectFiles, type ExpectedError } from './acceptance-helpers.js';

const CORPUS = corpusDir();

// Every error scenario the corpus lists gives one clean error: unit_cases.yaml
// (`score_compose_errors_from_source`, and the resource graph and params-placeholder vectors no
// unit test covers) and the INDEX.md D tables (D1, D2, D4, D5; D3 is test/acceptance/schema.test.ts,
// D6 is real-world.test.ts). Each runs the CLI on a minimal input and checks: a non-zero exit,
// `Error: ` + the message (exact where the corpus gives it, its start and key facts where it
// quotes Go library wording or Go template positions), no stack trace, and compose.yaml and
// state.yaml byte-identical to before the failing run.
//
// Unless a case says otherwise it runs in a project where `init --no-sample` and a successful
// `generate base.yaml` already wrote both files, so "unchanged" means something.

type Base = 'empty' | 'init' | 'generated';

interface ErrorCase {
  /** Where the corpus lists it. */
  from: string;
  name: string;
  /** Files written before the failing command (after the base project is set up). */
  files?: Record<string, string>;
  /** The failing command, a shell line without `score-compose`. */
  line: string;
  stdin?: string;
  base?: Base;
  want: ExpectedError;
}

const BASE = `apiVersion: score.dev/v1b1
metadata:
  name: base
containers:
  main:
    image: busybox
`;

/** A Score file for workload `name` with the given YAML body (indented at top level). */
const score = (name: string, body: string) => `apiVersion: score.dev/v1b1\nmetadata:\n  name: ${name}\n${body}`;
const busybox = (extra = '') => `containers:\n  main:\n    image: busybox\n${extra}`;
const customProvisioners = (yaml: string) => ({ '.score-compose/00-custom.provisioners.yaml': yaml });

const GENERATE: ErrorCase[] = [
  // --- generate.go (score_compose_errors_from_source) ---
  {
    from: 'D1/D5',
    name: '--image with two files',
    files: { 'a.yaml': score('wa', busybox()), 'b.yaml': score('wb', busybox()) },
    line: 'generate --image nginx:latest a.yaml b.yaml',
    want: { equals: '--image cannot be used when multiple score files are provided' },
  },
  {
    from: 'D1/D5',
    name: '--build with two files',
    files: { 'a.yaml': score('wa', busybox()), 'b.yaml': score('wb', busybox()) },
    line: 'generate --build main=. a.yaml b.yaml',
    want: { equals: '--build cannot be used when multiple score files are provided' },
  },
  {
    from: 'source',
    name: '--overrides-file without a file',
    files: { 'o.yaml': 'metadata: {x: y}\n' },
    line: 'generate --overrides-file o.yaml',
    want: { equals: '--overrides-file cannot be used without providing a score file' },
  },
  {
    from: 'source',
    name: '--overrides-file with two files',
    files: { 'o.yaml': 'metadata: {x: y}\n', 'a.yaml': score('wa', busybox()), 'b.yaml': score('wb', busybox()) },
    line: 'generate --overrides-file o.yaml a.yaml b.yaml',
    want: { equals: '--overrides-file cannot be used when multiple score files are provided' },
  },
  {
    from: 'source',
    name: '--override-property without a file',
    line: 'generate --override-property metadata.x=y',
    want: { equals: '--override-property cannot be used without providing a score file' },
  },
  {
    from: 'source',
    name: '--override-property with two files',
    files: { 'a.yaml': score('wa', busybox()), 'b.yaml': score('wb', busybox()) },
    line: 'generate --override-property metadata.x=y a.yaml b.yaml',
    want: { equals: '--override-property cannot be used when multiple score files are provided' },
  },
  {
    from: 'D1/D5',
    name: 'generate before init',
    base: 'empty',
    files: { 'score.yaml': BASE },
    line: 'generate score.yaml',
    want: { equals: 'state directory does not exist, please run "score-compose init" first' },
  },
  {
    from: 'source',
    name: 'files item without a target',
    files: { 'w.yaml': score('wl', busybox('    files:\n      - content: hello\n')) },
    line: 'generate w.yaml',
    want: { equals: 'failed to upgrade spec: containers.main.files.0.target: is missing or is not a string' },
  },
  {
    from: 'source',
    name: 'volumes item without a target',
    files: { 'w.yaml': score('wl', busybox('    volumes:\n      - source: x\n')) },
    line: 'generate w.yaml',
    want: { equals: 'failed to upgrade spec: containers.main.volumes.0.target: is missing or is not a string' },
  },
  {
    from: 'source',
    name: 'schema violation',
    files: { 'w.yaml': score('wl', 'containers:\n  main:\n    image: 42\n') },
    line: 'generate w.yaml',
    want: { prefix: "validation errors in workload 'wl'", contains: ['containers', 'image'] },
  },
  {
    from: 'source',
    name: '--build without =',
    files: { 'w.yaml': score('wl', busybox()) },
    line: 'generate w.yaml --build main',
    want: { equals: "invalid --build 'main': expected 2 =-separated parts" },
  },
  {
    from: 'source',
    name: '--build for an unknown container',
    files: { 'w.yaml': score('wl', busybox()) },
    line: 'generate w.yaml --build nope=.',
    want: { equals: "invalid --build 'nope=.': unknown container 'nope'" },
  },
  {
    from: 'D1/D5',
    name: 'image . without --image or --build',
    files: { 'w.yaml': score('example', 'containers:\n  example:\n    image: .\n') },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to convert 'example' because container 'example' has no image and neither --image nor --build was provided",
    },
  },
  {
    from: 'D1/D5',
    name: 'nothing to generate',
    base: 'init',
    line: 'generate',
    want: { equals: 'no workloads found, please provide a Score file to generate from' },
  },
  {
    from: 'source / D5',
    name: 'a provisioner file with an unknown scheme',
    files: { 'w.yaml': BASE, ...customProvisioners('- uri: blah://example\n  type: thing\n') },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to load provisioners: failed to load '00-custom.provisioners.yaml': 0: unsupported provisioner type 'blah'",
    },
  },
  {
    from: 'D5',
    name: 'a provisioner without uri',
    files: { 'w.yaml': BASE, ...customProvisioners('- type: thing\n') },
    line: 'generate w.yaml',
    want: {
      equals: "failed to load provisioners: failed to load '00-custom.provisioners.yaml': 0: missing uri schema ''",
    },
  },
  {
    from: 'source / resource_graph',
    name: 'shared resource with different params',
    files: {
      'a.yaml': score('wa', busybox('resources:\n  one:\n    type: thing\n    id: elephant\n    params: {x: 1}\n')),
      'b.yaml': score('wb', busybox('resources:\n  two:\n    type: thing\n    id: elephant\n    params: {x: 2}\n')),
    },
    line: 'generate a.yaml b.yaml',
    want: {
      equals:
        "failed to prime resources: resource 'thing.default#elephant': multiple definitions with different params",
    },
  },
  {
    from: 'resource_graph',
    name: 'shared resource with different metadata',
    files: {
      'a.yaml': score(
        'wa',
        busybox('resources:\n  one:\n    type: thing\n    id: elephant\n    metadata: {annotations: {note: "1"}}\n'),
      ),
      'b.yaml': score(
        'wb',
        busybox('resources:\n  two:\n    type: thing\n    id: elephant\n    metadata: {annotations: {note: "2"}}\n'),
      ),
    },
    line: 'generate a.yaml b.yaml',
    want: {
      equals:
        "failed to prime resources: resource 'thing.default#elephant': multiple definitions with different metadata",
    },
  },
  {
    from: 'resource_graph',
    name: 'params referring to their own resource',
    files: {
      'w.yaml': score('eg', busybox('resources:\n  res:\n    type: thing\n    params: {a: "${resources.res.blah}"}\n')),
    },
    line: 'generate w.yaml',
    want: {
      equals:
        'failed to provision: failed to determine sort order for provisioning: a cycle exists involving resource param placeholders',
    },
  },
  {
    from: 'resource_graph',
    name: 'two resources referring to each other',
    files: {
      'w.yaml': score(
        'eg',
        busybox(
          'resources:\n  res1:\n    type: thing\n    params: {a: "${resources.res2.blah}"}\n  res2:\n    type: thing\n    params: {a: "${resources.res1.blah}"}\n',
        ),
      ),
    },
    line: 'generate w.yaml',
    want: {
      equals:
        'failed to provision: failed to determine sort order for provisioning: a cycle exists involving resource param placeholders',
    },
  },
  {
    from: 'source / D5',
    name: 'no provisioner for a type',
    files: { 'w.yaml': score('wl', busybox('resources:\n  rr:\n    type: nothing-handles-this\n')) },
    line: 'generate w.yaml',
    want: {
      equals: "failed to provision: resource 'nothing-handles-this.default#wl.rr' is not supported by any provisioner",
    },
  },
  {
    from: 'source / D5',
    name: 'template fail',
    files: {
      'w.yaml': score('example', busybox('resources:\n  first:\n    type: failing\n')),
      ...customProvisioners(
        '- uri: template://failing\n  type: failing\n  init: |\n    {{ fail "unknown workload" }}\n',
      ),
    },
    line: 'generate w.yaml',
    // The reference adds Go's `template: :4:30: executing "" at <fail ...>:` here.
    want: {
      prefix:
        "failed to provision: resource 'failing.default#example.first': failed to provision: init template failed: failed to execute template: ",
      suffix: 'error calling fail: unknown workload',
    },
  },
  {
    from: 'template_provisioner params_placeholder / D4',
    name: 'params referring to a missing output',
    files: {
      'w.yaml': score(
        'w1',
        busybox('resources:\n  aa:\n    type: aa\n    params: {x: "${resources.bb.unknown}"}\n  bb:\n    type: bb\n'),
      ),
      ...customProvisioners(
        '- uri: template://aa\n  type: aa\n- uri: template://bb\n  type: bb\n  outputs: |\n    key: value\n',
      ),
    },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to provision: failed to substitute params for resource 'aa.default#w1.aa': x: invalid ref 'resources.bb.unknown': key 'unknown' not found",
    },
  },
  {
    from: 'D1',
    name: 'environment variable in params must be resolved',
    files: {
      'w.yaml': score(
        'example',
        busybox(
          'resources:\n  env:\n    type: environment\n  data:\n    type: volume\n    params:\n      x: ${resources.env.UNKNOWN_SCORE_VARIABLE}\n',
        ),
      ),
    },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to provision: failed to substitute params for resource 'volume.default#example.data': x: invalid ref 'resources.env.UNKNOWN_SCORE_VARIABLE': environment variable 'UNKNOWN_SCORE_VARIABLE' must be resolved",
    },
  },
  {
    from: 'D1',
    name: 'environment variable in files must be resolved',
    files: {
      'w.yaml': score(
        'example',
        'containers:\n  example:\n    image: foo\n    files:\n      /some/file:\n        content: ${resources.env.UNKNOWN_SCORE_VARIABLE}\nresources:\n  env:\n    type: environment\n',
      ),
    },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to convert workload 'example' to Docker compose: containers.example.files[/some/file]: failed to substitute in content: invalid ref 'resources.env.UNKNOWN_SCORE_VARIABLE': environment variable 'UNKNOWN_SCORE_VARIABLE' must be resolved",
    },
  },
  {
    from: 'source',
    name: 'a resource service named like a workload service',
    files: {
      'w.yaml': score('example', 'containers:\n  example:\n    image: foo\nresources:\n  rr:\n    type: clash\n'),
      ...customProvisioners(
        '- uri: template://clash\n  type: clash\n  services: |\n    example-example:\n      image: other\n',
      ),
    },
    line: 'generate w.yaml',
    want: { equals: "failed to add converted workload 'example': duplicate service name 'example-example'" },
  },
  {
    from: 'source',
    name: 'a patch template with an unknown operation',
    base: 'empty',
    files: { 'score.yaml': BASE, 'bad.tpl': '- op: nope\n  path: services.x\n' },
    line: 'generate score.yaml',
    want: { prefix: 'failed to patch template ', contains: ['unknown operation: nope'] },
  },
  {
    from: 'D1/D5',
    name: '--publish without 3 parts',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --publish something',
    want: { equals: '--publish[0] expected 3 :-separated parts' },
  },
  {
    from: 'D1/D5',
    name: '--publish host port not a number',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --publish x:base:y',
    want: { equals: "--publish[0] could not parse host port 'x' as integer" },
  },
  {
    from: 'source',
    // The reference refuses 0 too; here 0 means a port the engine picks (README, Differences).
    name: '--publish host port 1',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --publish 1:base:80',
    want: { equals: '--publish[0] host port must be > 1, or 0 for a port the engine picks' },
  },
  {
    from: 'D1/D5',
    name: '--publish container port not a number',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --publish 8080:base:y',
    want: { equals: "--publish[0] could not parse container port 'y' as integer" },
  },
  {
    from: 'source',
    name: '--publish container port 0',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --publish 8080:base:0',
    want: { equals: '--publish[0] container port must be > 1' },
  },
  {
    from: 'D1/D5',
    name: '--publish an unknown workload',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --publish 42:thing:13',
    want: { equals: "--publish[0] failed to find a workload named 'thing'" },
  },
  {
    from: 'D1/D5',
    name: '--publish a uid without output',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --publish 42:x#y:13',
    want: { equals: '--publish[0] must match RES_UID.OUTPUT' },
  },
  {
    from: 'D1/D5',
    name: '--publish an unknown resource',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --publish 42:x#y.z:13',
    want: { equals: "--publish[0] failed to find a resource with uid 'x#y'" },
  },
  {
    from: 'D1/D5',
    name: '--publish a missing output',
    files: { 'w.yaml': score('thing', busybox('resources:\n  db:\n    type: volume\n')) },
    line: 'generate w.yaml --publish 42:volume#thing.db.foo:13',
    want: { equals: "--publish[0] resource 'volume.default#thing.db' has no output 'foo'" },
  },
  {
    from: 'source',
    name: '--publish an output that is not a string',
    files: {
      'w.yaml': score('thing', busybox('resources:\n  rr:\n    type: numbered\n')),
      ...customProvisioners('- uri: template://numbered\n  type: numbered\n  outputs: |\n    port: 5432\n'),
    },
    line: 'generate w.yaml --publish 42:numbered#thing.rr.port:13',
    want: { equals: "--publish[0] resource 'numbered.default#thing.rr' output 'port' is not a string" },
  },
  {
    from: 'source',
    name: '--publish a host that is no service',
    files: {
      'w.yaml': score('thing', busybox('resources:\n  rr:\n    type: hosted\n')),
      ...customProvisioners('- uri: template://hosted\n  type: hosted\n  outputs: |\n    host: nowhere\n'),
    },
    line: 'generate w.yaml --publish 42:hosted#thing.rr.host:13',
    want: { equals: "--publish[0] host 'nowhere' does not exist" },
  },
  {
    from: 'D1/D5',
    name: 'a file that is a YAML string',
    files: { thing: '"blah"' },
    line: 'generate thing',
    // The reference quotes Go's decoder:
    // `yaml: unmarshal errors: line 1: cannot unmarshal !!str `blah` into map[string]interface {}`.
    want: { prefix: "failed to decode 'thing' as yaml: ", contains: ['line 1', '`blah`'] },
  },
  {
    from: 'source',
    name: 'an unreadable file',
    line: 'generate missing.yaml',
    want: { prefix: "failed to read 'missing.yaml': ", contains: ['no such file or directory'] },
  },
  {
    from: 'D1/D5',
    name: 'a file without metadata',
    files: { thing: '{}' },
    line: 'generate thing',
    want: { equals: "validation failed:\n  - workload in file 'thing' is missing required metadata" },
  },
  {
    from: 'source / D4',
    name: 'an empty metadata.name',
    files: { 'a.yaml': 'apiVersion: score.dev/v1b1\nmetadata:\n  name: ""\n' + busybox() },
    line: 'generate a.yaml',
    want: { equals: "validation failed:\n  - workload in file 'a.yaml' has empty metadata.name" },
  },
  {
    from: 'source',
    name: 'a workload name used twice',
    files: { 'a.yaml': score('xx', busybox()), 'b.yaml': score('xx', busybox()) },
    line: 'generate a.yaml b.yaml',
    want: { equals: "validation failed:\n  - workload name 'xx' in file 'b.yaml' is used more than once" },
  },
  {
    from: 'source',
    name: 'an unreadable overrides file',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --overrides-file missing.yaml',
    want: {
      equals:
        "--overrides-file 'missing.yaml' is invalid, failed to read file: open missing.yaml: no such file or directory",
    },
  },
  {
    from: 'source',
    name: 'an overrides file that is not YAML',
    files: { 'w.yaml': BASE, 'o.yaml': 'a: [b\n' },
    line: 'generate w.yaml --overrides-file o.yaml',
    want: { prefix: "--overrides-file 'o.yaml' is invalid: failed to decode ", contains: ['yaml', 'line 2'] },
  },
  {
    from: 'source',
    name: '--override-property without =',
    files: { 'w.yaml': BASE },
    line: 'generate w.yaml --override-property metadata',
    want: { equals: "--override-property 'metadata' is invalid, expected a =-separated path and value" },
  },
  {
    from: 'source',
    name: '--override-property value that is not YAML',
    files: { 'w.yaml': BASE },
    line: `generate w.yaml --override-property 'metadata.x=[a'`,
    want: { prefix: "--override-property 'metadata.x=[a' is invalid, failed to unmarshal value as json: " },
  },
  {
    from: 'source / override_property',
    name: '--override-property out of range',
    files: { 'w.yaml': score('wl', busybox('    args: [a]\n')) },
    line: 'generate w.yaml --override-property containers.main.args.5=x',
    want: {
      prefix: "--override-property 'containers.main.args.5=x' could not be applied: ",
      contains: ["cannot set '5' in array: out of range"],
    },
  },
  {
    from: 'override_property',
    name: '--override-property array index that is no number',
    files: { 'w.yaml': score('wl', busybox('    args: [a]\n')) },
    line: 'generate w.yaml --override-property containers.main.args.b=x',
    want: {
      prefix: "--override-property 'containers.main.args.b=x' could not be applied: ",
      contains: ["failed to parse 'b' as array index"],
    },
  },
  // --- D1: before cycle (contains) ---
  {
    from: 'D1/D4',
    name: 'before cycle',
    files: {
      'w.yaml': score(
        'example',
        'containers:\n  app:\n    image: busybox\n    before:\n      backend:\n        ready: started\n  backend:\n    image: busybox\n    before:\n      app:\n        ready: started\n',
      ),
    },
    line: 'generate w.yaml',
    want: { prefix: "validation errors in workload 'example'", contains: ['cycle'] },
  },
];

/** D2: conversion errors (convert_test.cases.yaml), reached through the CLI. */
const CONVERT: ErrorCase[] = [
  {
    from: 'D2',
    name: 'volume source resource without a type output',
    files: {
      'w.yaml': score(
        'test',
        'containers:\n  test:\n    image: busybox\n    volumes:\n      /mnt/data:\n        source: ${resources.data}\nresources:\n  data:\n    type: thing\n',
      ),
      ...customProvisioners('- uri: template://thing\n  type: thing\n  outputs: |\n    x: y\n'),
    },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to convert workload 'test' to Docker compose: containers.test.volumes[/mnt/data]: resource 'thing.default#test.data' has no 'type' output",
    },
  },
  {
    from: 'D2',
    name: 'volume output of an invalid type',
    files: {
      'w.yaml': score(
        'test',
        'containers:\n  test:\n    image: busybox\n    volumes:\n      /mnt/data:\n        source: ${resources.data}\nresources:\n  data:\n    type: thing\n',
      ),
      ...customProvisioners('- uri: template://thing\n  type: thing\n  outputs: |\n    type: weird\n    source: x\n'),
    },
    line: 'generate w.yaml',
    want: {
      prefix: "failed to convert workload 'test' to Docker compose: containers.test.volumes[/mnt/data]: ",
      contains: ["resource 'thing.default#test.data' has invalid type 'weird'"],
    },
  },
  {
    from: 'D2',
    name: 'tmpfs volume with a path',
    files: {
      'w.yaml': score(
        'test',
        'containers:\n  test:\n    image: busybox\n    volumes:\n      /mnt/data:\n        source: ${resources.data}\n        path: sub\nresources:\n  data:\n    type: tmp\n',
      ),
      ...customProvisioners('- uri: template://tmp\n  type: tmp\n  outputs: |\n    type: tmpfs\n'),
    },
    line: 'generate w.yaml',
    want: {
      prefix: "failed to convert workload 'test' to Docker compose: ",
      contains: ["can't mount named tmpfs volume with sub path 'sub': not supported"],
    },
  },
  {
    from: 'D2',
    name: 'before healthy without probes',
    files: {
      'w.yaml': score(
        'test',
        'containers:\n  init:\n    image: busybox\n    before:\n      main:\n        ready: healthy\n  main:\n    image: busybox\n',
      ),
    },
    line: 'generate w.yaml',
    want: {
      contains: ["containers.init.before: ready 'healthy' requires a readiness or liveness probe to be defined"],
    },
  },
  {
    from: 'D2',
    name: 'a file source that does not exist',
    files: {
      'w.yaml': score(
        'test',
        'containers:\n  my-container:\n    image: busybox\n    files:\n      /ant.txt:\n        source: original.txt\n',
      ),
    },
    line: 'generate w.yaml',
    want: {
      prefix:
        "failed to convert workload 'test' to Docker compose: containers.my-container.files[/ant.txt].source: failed to read: ",
      contains: ['original.txt', 'no such file or directory'],
    },
  },
  ...['/etc/passwd', '../leak.txt', 'subdir/../../leak.txt'].map((source): ErrorCase => ({
    from: 'D2',
    name: `a file source outside the Score directory (${source})`,
    files: {
      'w.yaml': score(
        'test',
        `containers:\n  my-container:\n    image: busybox\n    files:\n      /ant.txt:\n        source: ${source}\n`,
      ),
    },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to convert workload 'test' to Docker compose: containers.my-container.files[/ant.txt].source: must be a relative path within the Score file's directory",
    },
  })),
  {
    from: 'D2',
    name: 'a file without content',
    files: {
      'w.yaml': score('test', 'containers:\n  my-container:\n    image: busybox\n    files:\n      /ant.txt: {}\n'),
    },
    line: 'generate w.yaml',
    // Our schema rejects the empty entry before conversion, naming the same field.
    want: {
      prefix: "validation errors in workload 'test'",
      contains: ["containers.my-container.files[/ant.txt]: must set one of 'content', 'binaryContent' or 'source'"],
    },
  },
  {
    from: 'D2',
    name: 'file content with an unknown metadata key',
    files: {
      'w.yaml': score(
        'test',
        'containers:\n  my-container:\n    image: busybox\n    files:\n      /ant.txt:\n        content: ${metadata.blah}\n',
      ),
    },
    line: 'generate w.yaml',
    want: {
      prefix:
        "failed to convert workload 'test' to Docker compose: containers.my-container.files[/ant.txt]: failed to substitute in content: ",
      contains: ["key 'blah' not found"],
    },
  },
  // The reference checks modes while converting (`failed to parse 'abc' as octal`, `mode must be <= 0777`);
  // our schema rejects the first two already, naming the field and the value.
  ...[
    ['abc', "mode: must be an octal file mode like '0644' or '755', got 'abc'"],
    ['1777', "mode: must be an octal file mode like '0644' or '755', got '1777'"],
    ['0044', 'mode must be at least 0400'],
  ].map(([mode, message]): ErrorCase => ({
    from: 'D2',
    name: `file mode ${mode}`,
    files: {
      'w.yaml': score(
        'test',
        `containers:\n  my-container:\n    image: busybox\n    files:\n      /ant.txt:\n        content: x\n        mode: "${mode}"\n`,
      ),
    },
    line: 'generate w.yaml',
    want: { contains: ['containers.my-container.files[/ant.txt]', message!] },
  })),
  {
    from: 'D2',
    name: 'exec probe with an empty command',
    files: {
      'w.yaml': score(
        'test',
        'containers:\n  cc:\n    image: busybox\n    readinessProbe:\n      exec:\n        command: []\n',
      ),
    },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to convert workload 'test' to Docker compose: containers.cc.readinessProbe: exec command is empty",
    },
  },
];

/** D4: placeholder and reference errors. */
const PLACEHOLDERS: ErrorCase[] = [
  ...[
    [
      '${resources.res-one.this has spaces!}',
      '${resources.res-one.this has spaces!} is malformed',
      'resources:\n  res-one:\n    type: volume\n',
    ],
    ['${resources.res-one.value}', '${resources.res-one.value} does not resolve to a resource', ''],
    ['${cheese.res-one.value}', '${cheese.res-one.value} has unsupported first element', ''],
    ['${resources}', '${resources} is malformed', ''],
    ['${pod.metadata.name}', 'placeholder ${pod.metadata.name} has unsupported first element of "pod"', ''],
  ].map(([value, message, resources]): ErrorCase => ({
    from: 'D4',
    name: `variable ${value}`,
    files: { 'w.yaml': score('wl', busybox(`    variables:\n      INVALID: "Placeholder ${value}"\n${resources}`)) },
    line: 'generate w.yaml',
    want: { prefix: "validation errors in workload 'wl'", contains: [message!] },
  })),
  ...[
    [
      'aa: {before: {nonexistent: {ready: started}}}',
      'container "aa" before refers to unknown container "nonexistent"',
    ],
    ['aa: {before: {aa: {ready: started}}}', 'container "aa" has a self-referencing before entry'],
    [
      'aa: {before: {bb: {ready: started}}}\n  bb: {before: {cc: {ready: started}}}\n  cc: {before: {aa: {ready: started}}}',
      'containers before relationships contain a cycle',
    ],
  ].map(([containers, message]): ErrorCase => ({
    from: 'D4',
    name: `before: ${message}`,
    files: { 'w.yaml': score('wl', `containers:\n  ${containers!.replace(/\{before/g, '{image: busybox, before')}\n`) },
    line: 'generate w.yaml',
    want: { prefix: "validation errors in workload 'wl'", contains: [message!] },
  })),
  {
    from: 'D4',
    name: 'metadata.name 123',
    files: { 'w.yaml': 'apiVersion: score.dev/v1b1\nmetadata:\n  name: 123\n' + busybox() },
    line: 'generate w.yaml',
    want: { equals: "validation failed:\n  - workload in file 'w.yaml' has empty metadata.name" },
  },
  // A one-element placeholder never reaches substitution: the validation before it (as the
  // reference's loader.Validate does for `${resources}`) calls it malformed. The substitution
  // wording (`unknown reference root`, `requires at least a metadata key`) is unit-tested.
  ...[
    ['${missing}', 'placeholder ${missing} is malformed'],
    ['$$${abc}', 'placeholder ${abc} is malformed'],
    ['${metadata}', 'placeholder ${metadata} is malformed'],
    ['${metadata.missing}', "invalid ref 'metadata.missing': key 'missing' not found"],
    ['${metadata.name.foo}', "invalid ref 'metadata.name.foo': cannot lookup key 'foo', context is not a map"],
  ].map(([value, message]): ErrorCase => ({
    from: 'D4',
    name: `file content ${value}`,
    files: { 'w.yaml': score('wl', busybox(`    files:\n      /f.txt:\n        content: "${value}"\n`)) },
    line: 'generate w.yaml',
    want: { contains: [message!] },
  })),
  {
    from: 'D4',
    name: 'environment lookup with two keys',
    files: {
      'w.yaml': score(
        'wl',
        busybox('    variables:\n      X: ${resources.env.A.B}\nresources:\n  env:\n    type: environment\n'),
      ),
    },
    line: 'generate w.yaml',
    want: { contains: ['environment resource only supports a single lookup key'] },
  },
  {
    from: 'D4 / D6',
    name: 'an output the dns provisioner does not have',
    files: {
      'w.yaml': score(
        'wl',
        busybox('    variables:\n      U: ${resources.dns.nope}\nresources:\n  dns:\n    type: dns\n'),
      ),
    },
    line: 'generate w.yaml',
    want: {
      prefix: "failed to convert workload 'wl' to Docker compose: containers.main.variables.U: ",
      contains: ["invalid ref 'resources.dns.nope': key 'nope' not found"],
    },
  },
];

/** D5: provisioner definition errors that reach the CLI (unit vectors cover the rest). */
const cmdProvisioner = (uri: string, args = '') => customProvisioners(`- uri: ${uri}\n  type: thing\n${args}`);
const THING = score('wl', busybox('resources:\n  rr:\n    type: thing\n'));
const PROVISIONERS: ErrorCase[] = [
  ...[
    ['cmd://something@foo', 'cmd provisioner uri cannot contain user info'],
    ['cmd://something:80', 'cmd provisioner uri cannot contain a port'],
    ['cmd://something?foo=x', 'cmd provisioner uri cannot contain query params'],
    ['cmd://x:x', 'invalid port ":x" after host'],
  ].map(([uri, message]): ErrorCase => ({
    from: 'D5',
    name: `cmd uri ${uri}`,
    files: { 'w.yaml': THING, ...cmdProvisioner(uri!) },
    line: 'generate w.yaml',
    want: {
      prefix: `failed to load provisioners: failed to load '00-custom.provisioners.yaml': 0: ${uri}: failed to parse: `,
      suffix: message!,
    },
  })),
  {
    from: 'D5',
    name: 'cmd binary not on PATH',
    files: { 'w.yaml': THING, ...cmdProvisioner('cmd://absolutely-unknown-score-compose-provisioner') },
    line: 'generate w.yaml',
    want: {
      prefix:
        "failed to provision: resource 'thing.default#wl.rr': failed to provision: failed to find 'absolutely-unknown-score-compose-provisioner' on path: ",
    },
  },
  {
    from: 'D5',
    name: 'cmd uri with extra path parts',
    files: { 'w.yaml': THING, ...cmdProvisioner('cmd://something/foo') },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to provision: resource 'thing.default#wl.rr': failed to provision: direct command reference cannot contain additional path parts",
    },
  },
  {
    from: 'D5',
    name: 'cmd provisioner exits 1',
    files: { 'w.yaml': THING, ...cmdProvisioner('cmd://sh', '  args: ["-c", "false"]\n') },
    line: 'generate w.yaml',
    want: {
      equals:
        "failed to provision: resource 'thing.default#wl.rr': failed to provision: failed to execute cmd provisioner: exit status 1",
    },
  },
  {
    from: 'D5',
    name: 'cmd provisioner prints no JSON',
    files: { 'w.yaml': THING, ...cmdProvisioner('cmd://sh', '  args: ["-c", "echo bananas"]\n') },
    line: 'generate w.yaml',
    want: {
      prefix:
        "failed to provision: resource 'thing.default#wl.rr': failed to provision: failed to decode output from cmd provisioner: ",
      contains: ["'b'"],
    },
  },
  ...[
    ['path: /a/', 'params.path start with a / but cannot end with /'],
    ['host: "bad host!"', 'params.host must be a valid hostname but was bad host!'],
    ['port: nope', 'params.port is not a named service port'],
  ].map(([param, message]): ErrorCase => {
    const params = {
      host: 'localhost',
      path: '/a',
      port: 'web',
      ...Object.fromEntries([param!.split(': ').map((s) => s.replace(/^"|"$/g, ''))]),
    };
    return {
      from: 'D5',
      name: `default route: ${message}`,
      files: {
        'w.yaml': score(
          'wl',
          busybox(
            `service:\n  ports:\n    web:\n      port: 80\nresources:\n  rr:\n    type: route\n    params: ${JSON.stringify(params)}\n`,
          ),
        ),
      },
      line: 'generate w.yaml',
      want: {
        prefix: "failed to provision: resource 'route.default#wl.rr': failed to provision: ",
        contains: [message!],
      },
    };
  }),
  {
    from: 'D5',
    name: 'default route: workload without service ports',
    files: {
      'w.yaml': score(
        'wl',
        busybox('resources:\n  rr:\n    type: route\n    params: {host: localhost, path: /, port: 80}\n'),
      ),
    },
    line: 'generate w.yaml',
    want: {
      prefix: "failed to provision: resource 'route.default#wl.rr': failed to provision: ",
      contains: ['no service ports exist'],
    },
  },
  ...[
    ['{port: web}', "expected 'workload' param for the target workload name"],
    ['{workload: wl}', "expected 'port' param for the name of the target workload service port"],
    ['{workload: nope, port: web}', 'unknown workload'],
    ['{workload: wl, port: nope}', 'unknown service port'],
  ].map(([params, message]): ErrorCase => ({
    from: 'D5',
    name: `default service-port: ${message}`,
    files: {
      'w.yaml': score(
        'wl',
        busybox(
          `service:\n  ports:\n    web:\n      port: 80\nresources:\n  pp:\n    type: service-port\n    params: ${params}\n`,
        ),
      ),
    },
    line: 'generate w.yaml',
    want: {
      prefix: "failed to provision: resource 'service-port.default#wl.pp': failed to provision: ",
      contains: [message!],
    },
  })),
];

/** init, resources and root errors (D1, D5, score_compose_errors_from_source). */
const OTHER: ErrorCase[] = [
  {
    from: 'D1/D5',
    name: 'init with an invalid --project',
    line: 'init --project -this-is-invalid-',
    want: { equals: 'invalid value for --project, it must match ^[a-z0-9][a-z0-9_-]*$' },
  },
  {
    from: 'source (init)',
    name: 'init with a patch template that does not parse',
    files: { 'bad.tpl': '{{ what is this }}' },
    line: 'init --patch-templates bad.tpl',
    // The reference: `failed to parse template: template: :1: function "what" not defined`.
    want: {
      prefix: 'error parsing patch template from bad.tpl: failed to parse template: ',
      contains: ['function "what" not defined'],
    },
  },
  {
    from: 'D1/D5',
    name: 'get-outputs of an unknown resource',
    line: 'resources get-outputs foo',
    want: { equals: "no such resource 'foo'" },
  },
  {
    from: 'D1/D5',
    name: 'unknown command',
    line: 'unknown',
    want: { equals: 'unknown command "unknown" for "score-compose"' },
  },
  {
    from: 'D1/D5',
    name: 'check-version >99',
    line: 'check-version >99',
    want: { equals: `current version ${packageVersion()} does not match requested constraint >99` },
  },
  {
    from: 'D6',
    name: 'init --provisioners with an entry without type (06 README snippet)',
    line: 'init --no-sample --provisioners $C/score-compose/examples/_extracted-from-readmes/06-cmd-python.provisioners.yaml',
    want: {
      prefix: 'failed to save provisioner from ',
      suffix: "06-cmd-python.provisioners.yaml': 0: cmd://python: failed to parse: type not set",
    },
  },
  {
    from: 'D5',
    name: 'init --provisioners with an unknown scheme',
    files: { 'p.provisioners.yaml': '- uri: blah://example\n  type: thing\n' },
    line: 'init --provisioners p.provisioners.yaml',
    want: {
      equals:
        "failed to save provisioner from p.provisioners.yaml: failed to load 'p.provisioners.yaml': 0: unsupported provisioner type 'blah'",
    },
  },
];

async function setUp(base: Base): Promise<string> {
  const dir = await tempProject('project');
  if (base === 'empty') return dir;
  expect((await runIn(dir, ['init', '--no-sample'])).code).toBe(0);
  if (base === 'init') return dir;
  await writeFile(join(dir, 'base.yaml'), BASE);
  const run = await runIn(dir, ['generate', 'base.yaml']);
  expect(run.code, run.stderr).toBe(0);
  return dir;
}

async function runCase(c: ErrorCase): Promise<void> {
  // The patch-template case needs its template stored by init, then a failing generate.
  const dir = await setUp(c.name.startsWith('a patch template') ? 'empty' : (c.base ?? 'generated'));
  for (const [path, content] of Object.entries(c.files ?? {})) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  if (c.name.startsWith('a patch template')) {
    expect((await runIn(dir, ['init', '--no-sample', '--patch-templates', 'bad.tpl'])).code).toBe(0);
  }
  const before = projectFiles(dir);
  const argv = shellWords(c.line).map((w) => w.replace(/^\$C\//, `${CORPUS}/`));
  const run = await runIn(dir, argv, c.stdin === undefined ? {} : { stdin: c.stdin });
  expectCleanError(run, c.want, `score-compose ${c.line}`);
  expect(projectFiles(dir), 'a failed run changed compose.yaml or state.yaml').toEqual(before);
  if ((c.base ?? 'generated') === 'empty' && !c.name.startsWith('a patch template'))
    expect(existsSync(join(dir, '.score-compose')), 'a failed run created the state directory').toBe(false);
}

for (const [title, cases] of [
  ['generate (score_compose_errors_from_source, D1, D5, resource_graph)', GENERATE],
  ['conversion (D2)', CONVERT],
  ['placeholders and references (D4)', PLACEHOLDERS],
  ['provisioner definitions (D5)', PROVISIONERS],
  ['init, resources, root', OTHER],
] as const) {
  describe(title, () => {
    for (const c of cases) it(`${c.name} [${c.from}]`, () => runCase(c), 60_000);
  });
}
