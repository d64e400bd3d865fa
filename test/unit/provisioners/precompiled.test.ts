import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProvisionersText } from '../../../src/common/package-files.js';
import { parseProvisionerFile } from '../../../src/provisioners/load.js';
import {
  renderTemplate,
  templateCompileCounts,
  usePrecompiledTemplates,
} from '../../../src/provisioners/template/engine.js';
import {
  defaultTemplateSources,
  precompiledModuleSource,
  provisionerTemplateSources,
  type TemplateSource,
} from '../../../src/provisioners/template/precompile.js';
import {
  loadPrecompiledTable,
  type PrecompiledTable,
  templateDigest,
} from '../../../src/provisioners/template/precompiled-table.js';
import { type Fixture, inputFor, provisionWith, sharedAfter } from '../../golden/provisioners/harness.js';
import { thrown as errorOf } from '../../helpers/thrown.js';

// The table is generated here from the current sources (never read from dist/, which may be
// stale) and loaded the way the shipped one is: require() of the generated module.
const dir = mkdtempSync(join(tmpdir(), 'precompiled-'));
let moduleCount = 0;
function tableOf(sources: readonly TemplateSource[], skipped: string[] = []): PrecompiledTable {
  const file = join(dir, `table-${moduleCount++}.cjs`);
  writeFileSync(
    file,
    precompiledModuleSource(sources, (name) => skipped.push(name)),
  );
  return loadPrecompiledTable(file);
}

function delta<T>(fn: () => T): { result: T; precompiled: number; compiled: number } {
  const before = templateCompileCounts();
  const result = fn();
  const after = templateCompileCounts();
  return { result, precompiled: after.precompiled - before.precompiled, compiled: after.compiled - before.compiled };
}

// Inputs that take each default provisioner down its main path (as the golden tests do).
const FIXTURES: Record<string, Fixture> = {
  volume: { type: 'volume', id: 'hello-world.data' },
  'service-port': { type: 'service-port', params: { workload: 'other', port: 'web' } },
  service: { type: 'service', id: 'example.other' },
  postgres: { type: 'postgres', annotations: { 'compose.score.dev/publish-port': '5432' } },
  s3: { type: 's3', annotations: { 'compose.score.dev/publish-port': '9001' } },
  amqp: { type: 'amqp', annotations: { 'compose.score.dev/publish-management-port': '15672' } },
  route: { type: 'route', params: { host: 'example.localhost', path: '/api', port: 'foo' } },
  mysql: { type: 'mysql', annotations: { 'compose.score.dev/publish-port': '3306' } },
  'horizontal-pod-autoscaler': { type: 'horizontal-pod-autoscaler', params: { minReplicas: 2, maxReplicas: 3 } },
};

afterAll(() => usePrecompiledTemplates(null));

describe('the default templates, precompiled', () => {
  let defaults: PrecompiledTable;
  const skipped: string[] = [];
  beforeAll(async () => {
    defaults = tableOf(await defaultTemplateSources(), skipped);
  });

  it('holds every template of the default provisioners file and every partial', async () => {
    expect(skipped).toEqual([]);
    const sources = await defaultTemplateSources();
    expect(sources.some((s) => s.name.startsWith('partial '))).toBe(true);
    expect(sources.length).toBeGreaterThan(40);
    for (const { source } of sources) expect(Object.hasOwn(defaults, templateDigest(source))).toBe(true);
  });

  // The provisioners come from the file `init` writes, as `generate` loads them.
  it('renders every default provisioner exactly as compiling at run time does, compiling nothing', async () => {
    const text = await defaultProvisionersText();
    const provisioners = parseProvisionerFile(text, 'zz-default.provisioners.yaml').filter((p) =>
      p.uri.startsWith('template://'),
    );
    expect(provisioners.length).toBeGreaterThan(10);
    for (const p of provisioners) {
      const fixture = FIXTURES[p.type] ?? { type: p.type };
      usePrecompiledTemplates(null);
      const first = await provisionWith(p, inputFor(fixture));
      // Run again with the state it made: every random value is then fixed, the output deterministic.
      const input = inputFor(fixture, first.state ?? {}, sharedAfter({}, first));
      const compiled = await provisionWith(p, input);
      usePrecompiledTemplates(defaults);
      const before = templateCompileCounts();
      const fromTable = await provisionWith(p, input);
      const after = templateCompileCounts();
      expect(fromTable, p.uri).toStrictEqual(compiled);
      expect(after.compiled - before.compiled, `${p.uri}: templates compiled at run time`).toBe(0);
      const parts = new Set(
        provisionerTemplateSources(text)
          .filter((s) => s.name.startsWith(`${p.uri} `))
          .map((s) => s.source),
      );
      expect(after.precompiled - before.precompiled, p.uri).toBeGreaterThanOrEqual(parts.size);
    }
  });

  it('fails a template at run time with the same error either way', async () => {
    const source = (await defaultTemplateSources()).find(
      (s) => s.name === 'template://default-provisioners/route init',
    );
    expect(source).toBeDefined();
    const data = { Params: { port: 'nope' }, SourceWorkload: 'example', WorkloadServices: {}, State: {}, Shared: {} };
    usePrecompiledTemplates(null);
    const compiled = errorOf(() => renderTemplate(source!.source, data, 'r'));
    usePrecompiledTemplates(defaults);
    const fromTable = delta(() => errorOf(() => renderTemplate(source!.source, data, 'r')));
    expect(fromTable.precompiled).toBe(1);
    expect(fromTable.result.message).toBe(compiled.message);
    expect(fromTable.result.hint).toBe(compiled.hint);
    expect(fromTable.result.location).toEqual(compiled.location);
  });
});

describe('looking templates up in the table', () => {
  const forged = 'from the table: {{ x }}';
  const source = 'hello {{ x }}';

  it('uses an entry only for the exact text it was made from', () => {
    // A table whose entry for `source` holds another template's spec shows which path ran.
    const spec = Object.values(tableOf([{ name: 'forged', source: forged }]))[0];
    usePrecompiledTemplates({ [templateDigest(source)]: spec });
    expect(delta(() => renderTemplate(source, { x: 1 }, 't'))).toEqual({
      result: 'from the table: 1',
      precompiled: 1,
      compiled: 0,
    });
    expect(delta(() => renderTemplate('hello {{ x }}!', { x: 1 }, 't'))).toEqual({
      result: 'hello 1!',
      precompiled: 0,
      compiled: 1,
    });
    expect(delta(() => renderTemplate(' hello {{ x }}', { x: 1 }, 't'))).toEqual({
      result: ' hello 1',
      precompiled: 0,
      compiled: 1,
    });
  });

  it('compiles a template that is not in the table, and keeps the compiled cache', () => {
    usePrecompiledTemplates(tableOf([{ name: 'other', source: forged }]));
    expect(delta(() => renderTemplate('custom {{ x }}', { x: 2 }, 't'))).toEqual({
      result: 'custom 2',
      precompiled: 0,
      compiled: 1,
    });
    expect(delta(() => renderTemplate('custom {{ x }}', { x: 3 }, 't'))).toEqual({
      result: 'custom 3',
      precompiled: 0,
      compiled: 0,
    });
    expect(delta(() => renderTemplate(forged, { x: 4 }, 't'))).toEqual({
      result: 'from the table: 4',
      precompiled: 1,
      compiled: 0,
    });
  });

  it('ignores a spec from another Handlebars compiler revision', () => {
    const spec = Object.values(tableOf([{ name: 'forged', source: forged }]))[0] as { compiler: unknown[] };
    usePrecompiledTemplates({ [templateDigest(source)]: { ...spec, compiler: [7, '>= 4.0.0'] } });
    expect(delta(() => renderTemplate(source, { x: 1 }, 't'))).toEqual({
      result: 'hello 1',
      precompiled: 0,
      compiled: 1,
    });
  });

  it('keeps strictness and error positions in precompiled templates', () => {
    const strict = 'a: 1\nb: {{ State.missing }}';
    usePrecompiledTemplates(null);
    const compiled = errorOf(() => renderTemplate(strict, { State: {} }, 'tpl'));
    expect(compiled.message).toBe('failed to execute template: tpl:2:4: "State.missing" is not defined');
    usePrecompiledTemplates(tableOf([{ name: 'strict', source: strict }]));
    const fromTable = delta(() => errorOf(() => renderTemplate(strict, { State: {} }, 'tpl')));
    expect(fromTable.precompiled).toBe(1);
    expect(fromTable.result.message).toBe(compiled.message);
    expect(fromTable.result.hint).toBe(compiled.hint);
  });

  it('leaves a template that does not parse out of the table, so it fails at run time as before', () => {
    const skipped: string[] = [];
    const table = tableOf(
      [
        { name: 'go', source: 'x: {{ .State.x }}' },
        { name: 'unknown', source: '{{ nope 1 }}' },
      ],
      skipped,
    );
    expect(skipped).toEqual(['go', 'unknown']);
    expect(Object.keys(table)).toEqual([]);
    usePrecompiledTemplates(table);
    expect(errorOf(() => renderTemplate('x: {{ .State.x }}', {}, 'tpl')).message).toMatch(
      /^failed to parse template: tpl:1:4: \{\{ \.State\.x \}\} is Go template syntax/,
    );
  });
});
