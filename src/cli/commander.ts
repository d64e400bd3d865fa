// The ONLY module that imports commander; the rest of the CLI takes its classes from here.
export { Command, CommanderError, Option } from 'commander';
