// Which engine each template gets (src/provisioners/template/engine-choice.ts), over every
// provisioner entry and patch template there is: every one in the shared corpus (written for the
// Go score-compose or score-k8s) must be recognised as Go, every one of ours (provisioners/, the
// Handlebars re-authorings in test/fixtures) as Handlebars. A file without a single `{{` renders
// the same on either engine; it gets the default, Handlebars.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  chooseEngine,
  chooseTemplateEngine,
  type EngineChoice,
} from '../../src/provisioners/template/engine-choice.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { corpusDir, unitCases } from '../helpers/corpus.js';
import { readSteps } from './step-runner.js';

const CORPUS = corpusDir();
const NOT_TEMPLATES = new Set(['uri', 'type', 'class', 'id', 'description', 'template_engine']);

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && keep(f))
    .sort();
}

interface Case {
  name: string;
  text: string;
  choice: () => EngineChoice;
}

/** One case per template:// entry of a provisioners file text. */
function entriesOf(name: string, fileText: string): Case[] {
  const items = (parse(fileText) ?? []) as Record<string, unknown>[];
  return items
    .filter((item) => String(item['uri']).startsWith('template://'))
    .map((item) => {
      const templates = Object.fromEntries(
        Object.entries(item).filter(([k, v]) => !NOT_TEMPLATES.has(k) && typeof v === 'string'),
      ) as Record<string, string>;
      return {
        name: `${name} ${String(item['uri'])}`,
        text: Object.values(templates).join('\n'),
        choice: () => chooseEngine(templates),
      };
    });
}

function patchCase(name: string, text: string): Case {
  return { name, text, choice: () => chooseTemplateEngine(text, name) };
}

const isProvisioners = (f: string) => f.endsWith('.provisioners.yaml') || f.endsWith('provisioners.custom.golden');
const rel = (f: string) => relative(CORPUS, f);

function corpusCases(): Case[] {
  const cases: Case[] = [];
  for (const f of filesUnder(CORPUS, isProvisioners)) cases.push(...entriesOf(rel(f), readFileSync(f, 'utf8')));
  for (const f of filesUnder(CORPUS, (n) => n.endsWith('.tpl'))) cases.push(patchCase(rel(f), readFileSync(f, 'utf8')));
  for (const file of ['generate_test', 'init_test']) {
    for (const t of readSteps(join(CORPUS, `score-compose-tests/${file}.steps.yaml`))) {
      for (const step of t.steps) {
        if (!('write_file' in step) || typeof step['content'] !== 'string') continue;
        const path = String(step['write_file']);
        const name = `${t.test} ${path}`;
        if (path.endsWith('.provisioners.yaml')) cases.push(...entriesOf(name, step['content']));
        else if (/patch|template/.test(path)) cases.push(patchCase(name, step['content']));
      }
    }
  }
  const vector = (unitCases('template_provisioner') as { provisioner: string }).provisioner;
  cases.push(...entriesOf('unit_cases.yaml template_provisioner', `- ${vector.replace(/\n/g, '\n  ')}`));
  return cases;
}

function ourCases(): Case[] {
  const cases: Case[] = [];
  for (const f of filesUnder(join(REPO_ROOT, 'provisioners'), isProvisioners))
    cases.push(...entriesOf(relative(REPO_ROOT, f), readFileSync(f, 'utf8')));
  const fixtures = join(REPO_ROOT, 'test/fixtures');
  for (const f of filesUnder(fixtures, (n) => !n.endsWith('.md'))) {
    const name = relative(REPO_ROOT, f);
    const text = readFileSync(f, 'utf8');
    if (isProvisioners(f)) cases.push(...entriesOf(name, text));
    else if (/\.(tpl|template)$/.test(f)) cases.push(patchCase(name, text));
  }
  return cases;
}

describe('engine choice over the shared corpus: Go', () => {
  const cases = corpusCases();
  it('finds the corpus files', () => {
    // default.provisioners.yaml (13 templates), community provisioners, score-k8s defaults, the
    // examples' extracts, the step tests' inline files; the .tpl patch templates.
    expect(cases.length).toBeGreaterThan(60);
    expect(cases.filter((c) => c.name.endsWith('.tpl')).length).toBeGreaterThanOrEqual(19);
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const choice = c.choice();
    // The step's point is that this does not parse (in either language); `this` makes it Handlebars.
    if (c.text === '{{ what is this }}') expect(choice).toEqual({ engine: 'handlebars', how: 'detected' });
    else if (c.text.includes('{{')) expect(choice).toEqual({ engine: 'go', how: 'detected' });
    else expect(choice).toEqual({ engine: 'handlebars', how: 'default' });
  });
});

describe('engine choice over our provisioners and Handlebars fixtures: Handlebars', () => {
  const cases = ourCases();
  it('finds our files', () => {
    expect(cases.filter((c) => c.name.startsWith('provisioners/')).length).toBeGreaterThanOrEqual(16);
    expect(cases.filter((c) => c.name.startsWith('test/fixtures/')).length).toBeGreaterThan(10);
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(c.choice().engine).toBe('handlebars');
  });
});
