/** Normalises a project name like compose-go: lower-case, only [a-z0-9_-], no leading `_`/`-`. */
export function normaliseProjectName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}
