/**
 * Ends a command with a non-zero exit code after it printed its own report (`validate` found
 * problems): not an error to print again.
 */
export class QuietExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'QuietExit';
  }
}
