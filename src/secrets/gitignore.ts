// `init` keeps what must not be committed out of git: the secrets file and the state directory
// (which holds the state, with every generated password, and mounted files that may hold them).
import { SECRETS_FILE } from './env-file.js';
import { SCORE_COMPOSE, type Tool } from '../common/tool.js';

/** The entries `init` makes sure of: score-k8s has no secrets file (its secrets are Secrets). */
const entriesOf = (tool: Tool) => (tool.target === 'k8s' ? [`${tool.stateDir}/`] : [`${tool.stateDir}/`, SECRETS_FILE]);

/** Whether a `.gitignore` line already ignores `entry` at the top of the project. */
function covers(line: string, entry: string): boolean {
  const bare = entry.replace(/\/$/, '');
  const l = line.trim().replace(/^\//, '').replace(/\/$/, '');
  return l === bare || l === `${bare}/**` || l === `${bare}*`;
}

/** The `.gitignore` with our entries added where missing (null when none is), and what was added. */
export function withIgnoredSecrets(
  existing: string | undefined,
  tool: Tool = SCORE_COMPOSE,
): { text: string; added: string[] } | null {
  const lines = (existing ?? '').split('\n');
  const added = entriesOf(tool).filter((e) => !lines.some((l) => covers(l, e)));
  if (added.length === 0) return null;
  let text = existing ?? '';
  if (text !== '' && !text.endsWith('\n')) text += '\n';
  text += `# ${tool.name}: the state and generated secrets (never commit them)\n${added.join('\n')}\n`;
  return { text, added };
}
