// How `validate` prints what it found: for people (text), for scripts (json), for code scanning
// (SARIF 2.1.0, which GitHub, GitLab and most CI dashboards read) and as GitHub Actions workflow
// commands, which GitHub shows as annotations on the lines of the pull request.
import type { Problem } from '../api/validate.js';
import { packageVersion } from '../common/package-version.js';

const RULE = 'score-compose/invalid';

const where = (p: Problem) =>
  p.file === undefined
    ? ''
    : `${p.file}${p.line === undefined ? '' : `:${p.line}${p.col === undefined ? '' : `:${p.col}`}`}: `;

function text(problems: readonly Problem[], files: readonly string[]): string {
  if (problems.length === 0) return `${files.length === 1 ? files[0] : `${files.length} files`}: valid\n`;
  const lines = problems.flatMap((p) => [
    `${where(p)}${p.message}`,
    ...(p.hint === undefined ? [] : [`  hint: ${p.hint}`]),
  ]);
  lines.push(`${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  return `${lines.join('\n')}\n`;
}

/** A workflow command's data and property values escaped as the runner reads them. */
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function github(problems: readonly Problem[]): string {
  return problems
    .map((p) => {
      const props = [
        ...(p.file === undefined ? [] : [`file=${escapeProperty(p.file)}`]),
        ...(p.line === undefined ? [] : [`line=${p.line}`]),
        ...(p.col === undefined ? [] : [`col=${p.col}`]),
        'title=score-compose validate',
      ];
      const message = p.hint === undefined ? p.message : `${p.message}\nhint: ${p.hint}`;
      return `::error ${props.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}

function sarif(problems: readonly Problem[]): string {
  const results = problems.map((p) => ({
    ruleId: RULE,
    level: 'error',
    message: { text: p.hint === undefined ? p.message : `${p.message} (hint: ${p.hint})` },
    ...(p.file === undefined
      ? {}
      : {
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: p.file.split('\\').join('/') },
                ...(p.line === undefined
                  ? {}
                  : { region: { startLine: p.line, ...(p.col === undefined ? {} : { startColumn: p.col }) } }),
              },
            },
          ],
        }),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'score-compose-ts',
            version: packageVersion(),
            informationUri: 'https://score.dev',
            rules: [
              {
                id: RULE,
                shortDescription: { text: 'A Score file that score-compose generate would refuse' },
                defaultConfiguration: { level: 'error' },
              },
            ],
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** The report of `validate` in `format`. */
export function formatProblems(
  problems: readonly Problem[],
  format: 'text' | 'json' | 'sarif' | 'github',
  files: readonly string[],
): string {
  if (format === 'json') return `${JSON.stringify(problems, null, 2)}\n`;
  if (format === 'sarif') return sarif(problems);
  if (format === 'github') return github(problems);
  return text(problems, files);
}
