import { expect } from 'vitest';
import { ScoreComposeError } from '../../src/common/errors.js';

/** Runs `run`, expects it to throw a ScoreComposeError, and returns that error. */
export function thrown(run: () => unknown): ScoreComposeError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ScoreComposeError);
    return err as ScoreComposeError;
  }
  throw new Error('expected an error');
}
