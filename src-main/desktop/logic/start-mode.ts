/**
 * How `npm start` runs the product: the desktop app where Electron can run, otherwise the
 * headless gateway with its dashboard URL printed. Requiring the `electron` package would try to
 * download a missing binary, so the binary is located from the package's `path.txt` instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type StartMode = { mode: 'desktop'; electron: string } | { mode: 'headless'; reason: string };

export interface StartInput {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Absolute path of the Electron binary, or undefined when the package records none. */
  electronBinary: string | undefined;
  /** Whether that file exists. */
  electronExists: boolean;
}

export function decideStartMode(input: StartInput): StartMode {
  if (input.env.MCP_GATEWAY_HEADLESS === '1') {
    return { mode: 'headless', reason: 'MCP_GATEWAY_HEADLESS=1 is set' };
  }
  if (input.electronBinary === undefined || !input.electronExists) {
    return {
      mode: 'headless',
      reason:
        'the Electron binary is not installed (installed with ELECTRON_SKIP_BINARY_DOWNLOAD?) — run `node node_modules/electron/install.js` to fetch it and get the desktop app',
    };
  }
  if (input.platform === 'linux' && !input.env.DISPLAY && !input.env.WAYLAND_DISPLAY) {
    return { mode: 'headless', reason: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  }
  return { mode: 'desktop', electron: input.electronBinary };
}

/** Where the installed `electron` package keeps its binary, without triggering a download. */
export function locateElectronBinary(
  electronPackageDir: string,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  let rel: string | undefined;
  try {
    rel = readFileSync(path.join(electronPackageDir, 'path.txt'), 'utf8').trim();
  } catch {
    rel = undefined;
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    return path.join(env.ELECTRON_OVERRIDE_DIST_PATH, rel ?? 'electron');
  }
  return rel === undefined || rel === '' ? undefined : path.join(electronPackageDir, 'dist', rel);
}

/** Both steps, for scripts: where Electron is and which mode to use. */
export function detectStartMode(
  electronPackageDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): StartMode {
  const electronBinary = locateElectronBinary(electronPackageDir, env);
  return decideStartMode({
    platform,
    env,
    electronBinary,
    electronExists: electronBinary !== undefined && existsSync(electronBinary),
  });
}
