/**
 * Which Chromium the browser tests drive. In order:
 * - `CHROMIUM_PATH`, when set;
 * - the system's Chromium (Debian's /usr/bin/chromium, or chromium-browser / google-chrome);
 * - the build that ships inside the `@sparticuz/chromium` npm package (a devDependency), so a
 *   machine with nothing but Node runs the suite after `npm install`. It runs single-process
 *   without sandbox or zygote, and is unpacked once into the temp folder.
 * `MCPGW_E2E_NPM_CHROMIUM=1` skips the system one and uses the npm build (to try that path on a
 * machine that has both).
 */
import { existsSync } from 'node:fs';

export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const COMMON_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const NPM_ARGS = ['--single-process', '--no-zygote'];

/** @returns {Promise<{ executablePath: string, args: string[], source: string }>} */
export async function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH)) {
      throw new Error(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist: fix it or unset it`);
    }
    return { executablePath: env.CHROMIUM_PATH, args: COMMON_ARGS, source: 'CHROMIUM_PATH' };
  }
  if (env.MCPGW_E2E_NPM_CHROMIUM !== '1') {
    const system = SYSTEM_CHROMIUMS.find((p) => existsSync(p));
    if (system !== undefined) {
      return { executablePath: system, args: COMMON_ARGS, source: 'system' };
    }
  }
  let mod;
  try {
    mod = await import('@sparticuz/chromium');
  } catch {
    throw new Error(
      `no Chromium found (looked at ${SYSTEM_CHROMIUMS.join(', ')}) and the @sparticuz/chromium package is not installed: run "npm install" (or set CHROMIUM_PATH)`,
    );
  }
  const executablePath = await mod.default.executablePath();
  return { executablePath, args: [...COMMON_ARGS, ...NPM_ARGS], source: '@sparticuz/chromium' };
}
