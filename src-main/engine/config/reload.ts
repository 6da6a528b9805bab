import { errorText } from '../../../src-shared/values.js';
import { adopt, type ConfigState, reportProblem } from './config-state.js';

/**
 * Re-read the file and adopt it if it validates. Never rejects: a read that fails (EBUSY from an
 * antivirus, EISDIR, EIO) is treated like a broken edit — the last good config stays in force and
 * the problem is reported — because the watcher calls this with nobody to catch a rejection.
 */
export async function reloadFile(
  state: ConfigState,
  read: (file: string) => Promise<string | undefined>,
): Promise<void> {
  const { file, log } = state;
  let fresh: string | undefined;
  try {
    fresh = await read(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    log.warn('config file could not be read; the last good config stays in force', {
      path: file,
      err: e.message,
    });
    reportProblem(state, {
      message: `could not read ${file} (${e.code ?? e.message}); the last good config stays in force — it is read again on the next change`,
    });
    return;
  }
  if (fresh === undefined) {
    log.warn('config file was removed; keeping the running config (it is written again on the next change)', {
      path: file,
    });
    return;
  }
  adopt(state, fresh);
}

/** A reload whose listener threw is logged: it must not become an unhandled rejection. */
export function logReloadFailure(state: ConfigState, err: unknown): void {
  state.log.error('config reload failed', { path: state.file, err: errorText(err) });
}
