// A provisioner file or patch template published as an OCI artefact:
// `oci://<registry>/<repository>[:<tag>|@<digest>][#<file>]` (tag `latest` by default). The
// artefact's manifest lists its files as layers named by the `org.opencontainers.image.title`
// annotation (what `oras push` writes); without `#<file>` it must hold exactly one `.yaml` file.
//
// Spoken to over the registry HTTP API (distribution spec) with Node's fetch: plain HTTP for a
// registry on `localhost` or `127.0.0.1` (as the reference does), HTTPS elsewhere. A registry that
// asks for a token (`WWW-Authenticate: Bearer …`) gets one from its realm, anonymously or with the
// credentials `docker login` stored (registry-auth.ts); one that asks for Basic gets those. The
// blob is checked against its digest before it is used.
import { createHash } from 'node:crypto';
import { userError } from '../../common/errors.js';
import { isRecord } from '../../common/is-record.js';
import { registryCredentials, type RegistryCredentials } from './registry-auth.js';

/** Where an oci:// URI points. */
export interface OciReference {
  /** `host[:port]`. */
  registry: string;
  repository: string;
  /** A tag, or a digest (`sha256:…`). */
  reference: string;
  /** The file wanted (`#file`), when named. */
  file?: string;
}

/** Options for readOciFile. */
export interface OciOptions {
  timeoutMs: number;
  maxBytes: number;
  env?: NodeJS.ProcessEnv;
}

const TITLE = 'org.opencontainers.image.title';
const MANIFEST_TYPES = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];
const INDEX_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
];
const USAGE_HINT = 'write oci://registry.example.com/org/provisioners:1.0#file.provisioners.yaml';

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/** Reads an oci:// URI; anything malformed is a usage error naming the form. */
export function parseOciUri(uri: string): OciReference {
  const bad = (why: string) =>
    userError('usage', `'${uri}' is not an OCI reference this tool reads: ${why}`, { hint: USAGE_HINT });
  const hashAt = uri.indexOf('#');
  const rest = uri.slice('oci://'.length, hashAt < 0 ? undefined : hashAt);
  const file = hashAt < 0 ? undefined : decodeURIComponent(uri.slice(hashAt + 1));
  const slash = rest.indexOf('/');
  if (slash <= 0) throw bad('expected oci://<registry>/<repository>[:tag|@digest]');
  const registry = rest.slice(0, slash);
  if (!/^[a-zA-Z0-9.-]+(?::\d+)?$|^\[[0-9a-fA-F:]+\](?::\d+)?$/.test(registry))
    throw bad(`'${registry}' is not a registry host`);
  let path = rest.slice(slash + 1);
  let reference = 'latest';
  const digestAt = path.indexOf('@');
  if (digestAt >= 0) {
    reference = path.slice(digestAt + 1);
    path = path.slice(0, digestAt);
    if (!DIGEST.test(reference)) throw bad(`'${reference}' is not a digest`);
  } else {
    const colon = path.lastIndexOf(':');
    if (colon > path.lastIndexOf('/')) {
      reference = path.slice(colon + 1);
      path = path.slice(0, colon);
      if (!TAG.test(reference)) throw bad(`'${reference}' is not a tag`);
    }
  }
  if (!REPOSITORY.test(path)) throw bad(`'${path}' is not a repository name (lower case, digits, '.', '_', '-', '/')`);
  if (file === '') throw bad('the #fragment names no file');
  return { registry, repository: path, reference, ...(file === undefined ? {} : { file }) };
}

/** Plain HTTP only for a registry on this machine, as the reference decides it. */
const baseUrl = (registry: string) =>
  `${/^(localhost|127\.0\.0\.1|\[::1\])(:|$)/.test(registry) ? 'http' : 'https'}://${registry}`;

/** `Bearer realm="…",service="…"` → its scheme and parameters. */
function parseChallenge(header: string): { scheme: string; params: Record<string, string> } {
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const params: Record<string, string> = {};
  for (const m of header.slice(space + 1).matchAll(/(\w+)="([^"]*)"|(\w+)=([^,\s]*)/g)) {
    params[(m[1] ?? m[3])!] = (m[2] ?? m[4])!;
  }
  return { scheme, params };
}

const basic = (c: RegistryCredentials) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;

/** One registry session: remembers the authorization the registry asked for. */
class RegistryClient {
  private authorization: string | undefined;
  private credentials: RegistryCredentials | undefined | null = null; // null: not looked up yet

  constructor(
    private readonly ref: OciReference,
    private readonly uri: string,
    private readonly opts: OciOptions,
  ) {}

  private fail(what: string, hint?: string): never {
    throw userError('io', `cannot read '${this.uri}': ${what}`, hint === undefined ? {} : { hint });
  }

  private async storedCredentials(): Promise<RegistryCredentials | undefined> {
    if (this.credentials === null) this.credentials = await registryCredentials(this.ref.registry, this.opts.env);
    return this.credentials;
  }

  private async request(url: string, accept: string[]): Promise<Response> {
    const headers: Record<string, string> = { accept: accept.join(', ') };
    if (this.authorization !== undefined) headers['authorization'] = this.authorization;
    try {
      return await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(this.opts.timeoutMs) });
    } catch (err) {
      const e = err as Error;
      const reason =
        e.name === 'TimeoutError'
          ? `no answer within ${this.opts.timeoutMs / 1000} s`
          : ((e.cause as Error | undefined)?.message ?? e.message);
      return this.fail(`GET ${url} failed: ${reason}`);
    }
  }

  /** Answers the registry's challenge once: a token from its realm, or Basic credentials. */
  private async authorize(challenge: string): Promise<boolean> {
    const { scheme, params } = parseChallenge(challenge);
    const credentials = await this.storedCredentials();
    if (scheme === 'basic') {
      if (credentials === undefined) return false;
      this.authorization = basic(credentials);
      return true;
    }
    if (scheme !== 'bearer' || params['realm'] === undefined) return false;
    const realm = new URL(params['realm']);
    if (params['service'] !== undefined) realm.searchParams.set('service', params['service']);
    realm.searchParams.set('scope', params['scope'] ?? `repository:${this.ref.repository}:pull`);
    const headers: Record<string, string> = credentials === undefined ? {} : { authorization: basic(credentials) };
    let response: Response;
    try {
      response = await fetch(realm, { headers, signal: AbortSignal.timeout(this.opts.timeoutMs) });
    } catch (err) {
      return this.fail(`getting a token from ${realm.origin} failed: ${(err as Error).message}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      return false;
    }
    const body: unknown = await response.json().catch(() => undefined);
    const token = isRecord(body) ? (body['token'] ?? body['access_token']) : undefined;
    if (typeof token !== 'string' || token === '') return false;
    this.authorization = `Bearer ${token}`;
    return true;
  }

  /** GET with authorization as the registry asks; anything but 200 is a clear error. */
  async get(path: string, accept: string[]): Promise<Response> {
    const url = `${baseUrl(this.ref.registry)}/v2/${this.ref.repository}/${path}`;
    let response = await this.request(url, accept);
    const challenge = response.headers.get('www-authenticate');
    if (response.status === 401 && challenge !== null && this.authorization === undefined) {
      await response.body?.cancel();
      if (await this.authorize(challenge)) response = await this.request(url, accept);
    }
    if (response.status === 200) return response;
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) {
      const known = (await this.storedCredentials()) !== undefined;
      this.fail(
        `${this.ref.registry} refused access (HTTP ${response.status})`,
        known
          ? `check that the account docker login stored for ${this.ref.registry} may pull ${this.ref.repository}`
          : `log in first: docker login ${this.ref.registry}`,
      );
    }
    if (response.status === 404)
      this.fail(`${this.ref.repository}:${this.ref.reference} not found on ${this.ref.registry}`);
    return this.fail(`GET ${url} answered HTTP ${response.status}`);
  }

  /** The body, at most maxBytes. */
  async read(response: Response): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += chunk.byteLength;
      if (size > this.opts.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        this.fail(`larger than ${this.opts.maxBytes} bytes`);
      }
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks, size);
  }
}

interface Layer {
  digest: string;
  title: string | undefined;
}

function layersOf(manifest: unknown): Layer[] | undefined {
  if (!isRecord(manifest) || !Array.isArray(manifest['layers'])) return undefined;
  return manifest['layers'].filter(isRecord).map((l) => {
    const annotations = isRecord(l['annotations']) ? l['annotations'] : {};
    const title = annotations[TITLE];
    return { digest: String(l['digest']), title: typeof title === 'string' ? title : undefined };
  });
}

/** The one file the URI names in its artefact: its manifest name and bytes. */
export async function readOciFile(uri: string, opts: OciOptions): Promise<{ name: string; bytes: Buffer }> {
  const ref = parseOciUri(uri);
  const client = new RegistryClient(ref, uri, opts);
  const response = await client.get(`manifests/${ref.reference}`, [...MANIFEST_TYPES, ...INDEX_TYPES]);
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  let manifest: unknown;
  try {
    manifest = JSON.parse((await client.read(response)).toString('utf8'));
  } catch {
    throw userError('io', `cannot read '${uri}': the manifest is not JSON`);
  }
  if (INDEX_TYPES.includes(type) || (isRecord(manifest) && Array.isArray(manifest['manifests']))) {
    throw userError('io', `cannot read '${uri}': it is an image index, not one artefact`, {
      hint: 'name the artefact itself by its digest: oci://<registry>/<repository>@sha256:…',
    });
  }
  const layers = layersOf(manifest);
  if (layers === undefined) throw userError('io', `cannot read '${uri}': the manifest lists no layers`);
  const yamlFiles = layers.filter((l) => l.title?.endsWith('.yaml') === true);
  let chosen: Layer | undefined;
  if (ref.file !== undefined) {
    chosen = layers.find((l) => l.title === ref.file);
  } else if (yamlFiles.length > 1) {
    throw userError('io', `cannot read '${uri}': the artefact holds ${yamlFiles.length} .yaml files`, {
      hint: `name one after '#': ${yamlFiles.map((l) => `${uri}#${l.title!}`).join(', ')}`,
    });
  } else {
    chosen = yamlFiles[0];
  }
  if (chosen === undefined) {
    const titles = layers.map((l) => l.title).filter((t) => t !== undefined);
    throw userError(
      'io',
      `cannot read '${uri}': ${ref.file === undefined ? 'no .yaml file' : `no file '${ref.file}'`} in the artefact`,
      titles.length > 0 ? { hint: `it holds: ${titles.join(', ')}` } : {},
    );
  }
  const blob = await client.read(await client.get(`blobs/${chosen.digest}`, ['*/*']));
  const [algorithm, expected] = chosen.digest.split(':');
  if (algorithm === 'sha256' || algorithm === 'sha512') {
    const actual = createHash(algorithm).update(blob).digest('hex');
    if (actual !== expected)
      throw userError('io', `cannot read '${uri}': ${chosen.title ?? 'the file'} does not match its digest`);
  }
  return { name: uri, bytes: blob };
}
