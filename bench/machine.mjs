// Describes the machine the figures were taken on: CPU model, cores, memory, OS, Node, and the
// Docker engine / Compose versions when they answer.

import { readFileSync } from 'node:fs';
import { availableParallelism, release, totalmem } from 'node:os';
import { runQuiet } from './proc.mjs';

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim().replace(/\s+/g, ' ');
  } catch {
    // not Linux: fall through
  }
  return 'unknown';
}

function memTotalGiB() {
  try {
    const m = /^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) return Number(m[1]) / 1024 / 1024;
  } catch {
    // fall back to the runtime's figure
  }
  return totalmem() / 1024 ** 3;
}

function osName() {
  try {
    const m = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m) return `${m[1]}, kernel ${release()}`;
  } catch {
    // keep the kernel only
  }
  return `kernel ${release()}`;
}

function firstLine(r) {
  return r.code === 0 ? r.stdout.trim().split('\n')[0] : undefined;
}

/** Collects the machine facts printed with every result table. */
export function machineInfo() {
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    memGiB: memTotalGiB(),
    os: osName(),
    node: process.version,
    docker:
      firstLine(
        runQuiet(
          'docker',
          ['version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}}), CLI {{.Client.Version}}'],
          { timeoutMs: 10_000 },
        ),
      ) ?? 'not answering',
    compose: firstLine(runQuiet('docker', ['compose', 'version', '--short'], { timeoutMs: 10_000 })) ?? 'not installed',
  };
}

/** The rows every results table starts with: the machine, Node, the engine and Compose. */
export function machineRows(m) {
  return [
    '| | |',
    '|---|---|',
    `| CPU | ${m.cpu} |`,
    `| cores | ${m.cores} |`,
    `| memory | ${m.memGiB.toFixed(1)} GiB |`,
    `| OS | ${m.os} |`,
    `| Node | ${m.node} |`,
    `| Docker engine | ${m.docker} |`,
    `| Docker Compose | ${m.compose} |`,
  ];
}
