// A `busybox:latest` image for e2e tests on machines without a registry: uses the stand-in from
// scripts/build-standin-images.sh when present, otherwise imports a static busybox rootfs.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Makes sure `ref` (default busybox:latest) exists locally; returns it. */
export function ensureBusyboxImage(ref = 'busybox:latest'): string {
  if (spawnSync('docker', ['image', 'inspect', ref], { stdio: 'ignore' }).status === 0) return ref;
  const which = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8' });
  const busybox = which.stdout.trim();
  if (which.status !== 0 || busybox === '')
    throw new Error(`${ref} is missing and no busybox binary is installed to import one`);
  const root = mkdtempSync(join(tmpdir(), 'sct-busybox-'));
  try {
    mkdirSync(join(root, 'bin'));
    copyFileSync(busybox, join(root, 'bin/busybox'));
    chmodSync(join(root, 'bin/busybox'), 0o755);
    for (const applet of execFileSync(join(root, 'bin/busybox'), ['--list'], { encoding: 'utf8' }).split('\n')) {
      if (applet !== '' && applet !== 'busybox') symlinkSync('busybox', join(root, 'bin', applet));
    }
    for (const dir of ['tmp', 'etc', 'root']) mkdirSync(join(root, dir));
    execFileSync(
      'sh',
      ['-c', `tar -C "$1" -c . | docker import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' - "$2"`, 'sh', root, ref],
      { stdio: 'ignore' },
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return ref;
}
