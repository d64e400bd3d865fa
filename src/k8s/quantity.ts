// Kubernetes resource quantities (`250m`, `1.5Gi`, `2e3`) in the canonical form the API server
// and kubectl print: a manifest says `cpu: 500m` for Score's `0.5`, as score-k8s writes it.

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const NANO = 10n ** 9n;

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

type Format = 'binary' | 'decimal' | 'exponent';

/** Parses a quantity; undefined when it is not one Kubernetes accepts. */
function parse(text: string): { nanos: bigint; format: Format } | undefined {
  const m = QUANTITY.exec(text.trim());
  if (m === null) return undefined;
  const [, sign, number, suffix = ''] = m as unknown as [string, string, string, string | undefined];
  const [whole = '', fraction = ''] = number.split('.');
  let numerator = BigInt(`${whole}${fraction}` || '0');
  let denominator = 10n ** BigInt(fraction.length);
  let format: Format = 'decimal';
  const binary = BINARY_SUFFIXES.indexOf(suffix);
  if (suffix !== '' && binary > 0) {
    numerator *= 1n << BigInt(10 * binary);
    format = 'binary';
  } else {
    let exp: number;
    if (/^[eE]/.test(suffix)) {
      exp = Number(suffix.slice(1));
      format = 'exponent';
      if (Math.abs(exp) > 1000) return undefined;
    } else exp = DECIMAL_SUFFIXES[suffix] ?? 0;
    if (exp >= 0) numerator *= 10n ** BigInt(exp);
    else denominator *= 10n ** BigInt(-exp);
  }
  // Precision below a nano-unit is rounded up, as the API server does.
  const scaled = numerator * NANO;
  const nanos = scaled / denominator + (scaled % denominator === 0n ? 0n : 1n);
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

/** Whether `text` is a Kubernetes quantity. */
export function isQuantity(text: string): boolean {
  return parse(text) !== undefined;
}

/**
 * The canonical text of a quantity: binary suffixes only for whole byte counts of 1024 or more
 * (`1.5Gi` → `1536Mi`), otherwise the largest decimal suffix that keeps an integer (`0.5` →
 * `500m`, `2000` → `2k`); exponent notation stays exponent notation. Throws on an invalid one.
 */
export function canonicalQuantity(text: string): string {
  const parsed = parse(text);
  if (parsed === undefined) throw new Error(`quantities must match the regular expression '${QUANTITY.source}'`);
  const { nanos } = parsed;
  const abs = nanos < 0n ? -nanos : nanos;
  if (parsed.format === 'binary' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let amount = nanos / NANO;
    let step = 0;
    while (step < BINARY_SUFFIXES.length - 1 && amount % 1024n === 0n) {
      amount /= 1024n;
      step++;
    }
    return `${amount}${BINARY_SUFFIXES[step]}`;
  }
  let mantissa = nanos;
  let exp = -9;
  while (mantissa !== 0n && exp < 18 && mantissa % 1000n === 0n) {
    mantissa /= 1000n;
    exp += 3;
  }
  if (mantissa === 0n) return '0';
  if (parsed.format === 'exponent') return exp === 0 ? `${mantissa}` : `${mantissa}e${exp}`;
  const suffix = Object.entries(DECIMAL_SUFFIXES).find(([, e]) => e === exp)?.[0] ?? '';
  return `${mantissa}${suffix}`;
}
