// Deterministic mutation of YAML texts, shared by the fuzz tests of the read pipeline and of
// the whole generate command.

/** mulberry32: a small deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS = [
  '123',
  '-1',
  '1.5e3',
  'true',
  'null',
  '~',
  '[]',
  '{}',
  '""',
  "'${bad ref}'",
  '${resources.nope.x}',
  '$${escaped}',
  '- item',
  '&anchor value',
  '*anchor',
  '!!binary aGk=',
  '|\n  block',
  '0o17',
  '.inf',
  'yes',
];
const NOISE = ':{}[]-&*!|>\'"%@`#,? \t\n$\\.0aZ\u00e9\u0000\ufeff';

/** Applies one random edit: delete/duplicate/swap lines, odd scalars, noise, deep nesting. */
export function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const lines = text.split('\n');
  const at = Math.floor(rnd() * lines.length);
  switch (Math.floor(rnd() * 8)) {
    case 0:
      lines.splice(at, 1);
      break;
    case 1:
      lines.splice(at, 0, lines[at] ?? '');
      break;
    case 2: {
      const other = Math.floor(rnd() * lines.length);
      [lines[at], lines[other]] = [lines[other] ?? '', lines[at] ?? ''];
      break;
    }
    case 3:
      lines[at] = (lines[at] ?? '').replace(/:\s*(.*)$/, () => `: ${pick(SCALARS)}`);
      break;
    case 4: {
      const line = lines[at] ?? '';
      const pos = Math.floor(rnd() * (line.length + 1));
      lines[at] = line.slice(0, pos) + pick([...NOISE]) + line.slice(pos);
      break;
    }
    case 5: {
      const depth = 1 + Math.floor(rnd() ** 3 * 1000); // mostly shallow: deep parses are slow
      lines[at] = (lines[at] ?? '').replace(/:\s*(.*)$/, () => `: ${'['.repeat(depth)}1${']'.repeat(depth)}`);
      break;
    }
    case 6: {
      const depth = 1 + Math.floor(rnd() ** 3 * 200);
      const nested = Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 2)}k${i}:`).join('\n');
      lines.splice(at, 0, `deep:\n${nested} x`);
      break;
    }
    default: {
      const indent = /^\s*/.exec(lines[at] ?? '')?.[0] ?? '';
      lines.splice(
        at,
        0,
        `${indent}${pick(['target', 'files', 'volumes', 'before', 'read_only', 'content', 'noExpand', 'params', 'metadata'])}: ${pick(SCALARS)}`,
      );
    }
  }
  return lines.join('\n');
}
