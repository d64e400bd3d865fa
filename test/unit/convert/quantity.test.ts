import { describe, expect, it } from 'vitest';
import { cpuToComposeCpus, memoryToComposeBytes } from '../../../src/convert/quantity.js';

describe('cpuToComposeCpus', () => {
  it.each([
    ['1000m', '1'],
    ['250m', '0.25'],
    ['1500m', '1.5'],
    ['1m', '0.001'],
    ['0.5', '0.5'],
    ['0.24', '0.24'],
    ['2', '2'],
    ['02.50', '2.5'],
    [3, '3'],
  ])('%s → %s', (input, expected) => expect(cpuToComposeCpus(input)).toBe(expected));
  it.each(['0', '0m', '0.0', 'abc', '1.5m', '-1', ''])('%s is invalid', (input) =>
    expect(cpuToComposeCpus(input)).toBeUndefined(),
  );
});

describe('memoryToComposeBytes', () => {
  it.each([
    ['10Gi', '10g'],
    ['128Mi', '128m'],
    ['1.5Gi', '1536m'],
    ['512Ki', '512k'],
    ['1Ti', '1024g'],
    ['128M', '125000k'],
    ['1G', '1000000000'],
    ['1000', '1000'],
    ['1024', '1k'],
    ['0.5Ki', '512'],
    ['1.5', '2'],
  ])('%s → %s', (input, expected) => expect(memoryToComposeBytes(input)).toBe(expected));
  it.each(['0', '0Mi', 'lots', '1Q', '-1Gi', '1 Gi'])('%s is invalid', (input) =>
    expect(memoryToComposeBytes(input)).toBeUndefined(),
  );
});
