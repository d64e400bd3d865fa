/** sprig's getHostByName: one of the addresses a host name resolves to, picked at random. */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fn, GoCallError, type TemplateFunction } from '../function.js';
import type { GoValue } from '../values.js';

// Templates render synchronously and Node resolves names only asynchronously: a child Node process
// resolves it (getaddrinfo, which reads /etc/hosts and DNS as Go's resolver does).
const RESOLVE = `require('node:dns').lookup(process.argv[1], { all: true }, (e, a) =>
  process.stdout.write(JSON.stringify(e ? [] : a.map((x) => x.address))));`;

function lookupHost(name: string): string[] {
  const run = spawnSync(process.execPath, ['-e', RESOLVE, name], { encoding: 'utf8', timeout: 30_000 });
  if (run.status !== 0) return [];
  try {
    return JSON.parse(run.stdout) as string[];
  } catch {
    return [];
  }
}

function getHostByName(name: GoValue): string {
  const addrs = lookupHost(name as string);
  // sprig indexes with rand.Intn(len(addrs)), which panics when the name does not resolve.
  if (addrs.length === 0) throw new GoCallError('invalid argument to Intn');
  return addrs[randomInt(addrs.length)] as string;
}

export const NETWORK_FUNCS: [string, TemplateFunction][] = [['getHostByName', fn(['string'], getHostByName)]];
