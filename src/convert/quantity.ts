// Kubernetes-style resource quantities (Score `resources.limits/requests`) → compose values.

/** CPU `2`, `0.5`, `250m` → compose `cpus` ("2", "0.5", "0.25"); undefined when not a valid positive quantity. */
export function cpuToComposeCpus(value: string | number): string | undefined {
  const text = String(value).trim();
  const milli = /^(\d+)m$/.exec(text);
  if (milli) {
    const m = BigInt(milli[1] as string);
    return m > 0n ? trimDecimal(`${m / 1000n}.${String(m % 1000n).padStart(3, '0')}`) : undefined;
  }
  if (!/^\d+(\.\d+)?$/.test(text)) return undefined;
  const out = trimDecimal(text);
  return /^0(\.0*)?$/.test(out) ? undefined : out;
}

const DECIMAL_SUFFIX: Record<string, bigint> = {
  '': 1n,
  k: 10n ** 3n,
  K: 10n ** 3n,
  M: 10n ** 6n,
  G: 10n ** 9n,
  T: 10n ** 12n,
  P: 10n ** 15n,
  E: 10n ** 18n,
};
const BINARY_SUFFIX: Record<string, bigint> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};

/**
 * Memory `10Gi`, `128Mi`, `1.5G` → a compose byte string: the largest of g/m/k (powers of 1024,
 * as compose reads them) that divides the exact byte count, else plain bytes, so the limit is never
 * rounded (`128M` is 128,000,000 bytes → "125000k", not "128m"). Undefined when not a valid positive quantity.
 */
export function memoryToComposeBytes(value: string | number): string | undefined {
  const match = /^(\d+)(?:\.(\d+))?([kKMGTPE]i?)?$/.exec(String(value).trim());
  if (!match) return undefined;
  const [, whole = '0', fraction = '', suffix = ''] = match;
  const multiplier = BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix];
  if (multiplier === undefined) return undefined;
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(whole + fraction) * multiplier;
  // Fractional bytes round up, as Kubernetes does.
  const bytes = (scaled + scale - 1n) / scale;
  if (bytes <= 0n) return undefined;
  for (const [unit, size] of [
    ['g', 1n << 30n],
    ['m', 1n << 20n],
    ['k', 1n << 10n],
  ] as const) {
    if (bytes % size === 0n) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** `001.500` → `1.5`, `2.0` → `2`. */
function trimDecimal(text: string): string {
  const [intPart = '0', frac = ''] = text.split('.');
  const i = intPart.replace(/^0+(?=\d)/, '');
  const f = frac.replace(/0+$/, '');
  return f === '' ? i : `${i}.${f}`;
}
