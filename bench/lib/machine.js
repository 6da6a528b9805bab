// What the figures were taken on.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function machineInfo() {
  let cpuModel = 'unknown';
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) {
      cpuModel = m[1].trim();
    }
  } catch {
    cpuModel = os.cpus()[0]?.model ?? 'unknown';
  }
  let load = os.loadavg().map((v) => Math.round(v * 100) / 100);
  return {
    cores: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    memGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvgAtStart: load,
  };
}
