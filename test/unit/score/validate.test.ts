import { describe, expect, it } from 'vitest';
import { validateWorkloadSchema } from '../../../src/score/validate.js';

function workload(container: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'score.dev/v1b1',
    metadata: { name: 'web' },
    containers: { main: { image: 'nginx', ...container } },
    ...extra,
  };
}

describe('validateWorkloadSchema', () => {
  it('accepts a minimal workload and a rich one', () => {
    expect(validateWorkloadSchema(workload({}))).toEqual([]);
    const rich = workload(
      {
        command: ['sh'],
        args: ['-c', 'echo'],
        variables: { A: 'b' },
        files: {
          '/etc/a': { content: 'x', mode: '0644', noExpand: true },
          '/etc/b': { source: 'b.txt' },
          '/etc/c': { binaryContent: 'aGk=' },
        },
        volumes: { '/data': { source: 'v', path: 'p', readOnly: true } },
        resources: { limits: { memory: '128Mi', cpu: '250m' }, requests: { memory: '1.5G', cpu: '2' } },
        readinessProbe: { exec: { command: ['true'] } },
        livenessProbe: {
          httpGet: { path: '/', port: 80, scheme: 'HTTPS', host: 'h', httpHeaders: [{ name: 'X-A', value: 'v' }] },
        },
      },
      {
        service: { ports: { www: { port: 80, targetPort: 8080, protocol: 'UDP' } } },
        resources: {
          db: {
            type: 'postgres',
            class: 'large',
            id: 'shared.db-1',
            metadata: { annotations: { 'example.com/key': 'y' }, other: 1 },
            params: { a: [1] },
          },
        },
      },
    );
    expect(validateWorkloadSchema(rich)).toEqual([]);
  });

  it('accepts a probe with neither httpGet nor exec (conversion decides what it means)', () => {
    expect(validateWorkloadSchema(workload({ livenessProbe: {} }))).toEqual([]);
  });

  it('reports every leaf problem at once, sorted by path, with readable messages', () => {
    const problems = validateWorkloadSchema({
      apiVersion: 'score.dev/v1b2',
      metadata: { name: 'Bad Name' },
      containers: { main: { imagee: 'nginx', command: 'sh -c', variables: { PORT: 8080 } } },
      service: { ports: { www: { port: 0 } } },
    });
    expect(problems).toEqual([
      { path: ['apiVersion'], message: "must be 'score.dev/v1b1', got 'score.dev/v1b2'" },
      { path: ['containers', 'main'], message: "missing required field 'image'" },
      { path: ['containers', 'main', 'command'], message: "must be a list, got the string 'sh -c'" },
      {
        path: ['containers', 'main', 'imagee'],
        message: "unknown field 'imagee'",
        atKey: true,
        hint: "did you mean 'image'?",
      },
      { path: ['containers', 'main', 'variables', 'PORT'], message: 'must be a string, got the number 8080' },
      {
        path: ['metadata', 'name'],
        message: "must be 2 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-', got 'Bad Name'",
      },
      { path: ['service', 'ports', 'www', 'port'], message: 'must be between 1 and 65535, got 0' },
    ]);
  });

  it('lists the allowed fields when an unknown one is not a near miss', () => {
    const [problem] = validateWorkloadSchema(workload({ volumes: { '/d': { source: 's', zzzzzz: true } } }));
    expect(problem).toEqual({
      path: ['containers', 'main', 'volumes', '/d', 'zzzzzz'],
      message: "unknown field 'zzzzzz'",
      atKey: true,
      hint: 'allowed fields here: source, path, readOnly',
    });
  });

  it('collapses the file oneOf into one message, for none and for several sources', () => {
    expect(validateWorkloadSchema(workload({ files: { '/a': { mode: '0644' } } }))).toEqual([
      {
        path: ['containers', 'main', 'files', '/a'],
        message: "must set one of 'content', 'binaryContent' or 'source'",
      },
    ]);
    expect(validateWorkloadSchema(workload({ files: { '/a': { content: 'x', source: 'y' } } }))).toEqual([
      {
        path: ['containers', 'main', 'files', '/a'],
        message: "must set only one of 'content', 'binaryContent' or 'source', found 'content' and 'source'",
      },
    ]);
    // A file that is not even a map gets only the type complaint.
    expect(validateWorkloadSchema(workload({ files: { '/a': 'text' } }))).toEqual([
      { path: ['containers', 'main', 'files', '/a'], message: "must be a map, got the string 'text'" },
    ]);
  });

  it('reports invalid map keys at the key, once each', () => {
    const problems = validateWorkloadSchema({
      apiVersion: 'score.dev/v1b1',
      metadata: { name: 'ok' },
      containers: { Web_1: { image: 'x' }, a: { image: 'y' } },
      resources: { 'db!': { type: 'postgres' } },
    });
    expect(problems).toEqual([
      {
        path: ['containers', 'Web_1'],
        message:
          "invalid name 'Web_1': must be 2 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'",
        atKey: true,
      },
      {
        path: ['containers', 'a'],
        message: "invalid name 'a': must be 2 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'",
        atKey: true,
      },
      {
        path: ['resources', 'db!'],
        message: "invalid name 'db!': must be 2 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'",
        atKey: true,
      },
    ]);
  });

  it('suggests the right spelling of an enum value', () => {
    expect(validateWorkloadSchema(workload({ before: { other: { ready: 'healthyy' } } }))).toEqual([
      {
        path: ['containers', 'main', 'before', 'other', 'ready'],
        message: "must be one of 'started', 'healthy' or 'complete', got 'healthyy'",
        hint: "did you mean 'healthy'?",
      },
    ]);
  });

  it('explains patterns and sizes in words', () => {
    const problems = validateWorkloadSchema(
      workload(
        { image: '', files: { '/a': { content: 'x', mode: '999' } }, resources: { limits: { memory: 'lots' } } },
        { containers: {} },
      ),
    );
    expect(problems).toEqual([{ path: ['containers'], message: 'must declare at least one container' }]);
    const more = validateWorkloadSchema(
      workload({
        image: '',
        files: { '/a': { content: 'x', mode: '999' } },
        resources: { limits: { memory: 'lots' } },
      }),
    );
    expect(more.map((p) => p.message)).toEqual([
      "must be an octal file mode like '0644' or '755', got '999'",
      'must not be empty',
      "must be an amount of bytes with an optional unit, like 128Mi or 1.5G, got 'lots'",
    ]);
  });

  it('rejects a non-map document', () => {
    expect(validateWorkloadSchema(['a'])).toEqual([{ path: [], message: 'must be a map, got a list' }]);
  });
});
