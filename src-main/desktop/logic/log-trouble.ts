/**
 * The log file's trouble, told once per episode: lines dropped while it cannot be written (and
 * how many, once it can again), and a rotation that failed.
 */
export interface LogTrouble {
  /** A line was dropped: the first of an episode is told. */
  dropped(what: 'open' | 'write', err: unknown): void;
  /** A line was written: the number dropped before it if an episode just ended. */
  recovered(): number | undefined;
  /** The file could not be rotated (told once): it grows past its limit until it can. */
  rotateFailed(err: unknown): void;
}

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

export function createLogTrouble(file: string, onTrouble: (note: string) => void): LogTrouble {
  let troubled = false;
  let dropped = 0;
  let rotateTroubled = false;
  return {
    dropped(what, err) {
      dropped += 1;
      if (!troubled) {
        troubled = true;
        onTrouble(`could not ${what} ${file} (${codeOf(err)}); log lines are dropped until it works again`);
      }
    },
    recovered() {
      if (!troubled) {
        return undefined;
      }
      troubled = false;
      const lost = dropped;
      dropped = 0;
      return lost;
    },
    rotateFailed(err) {
      if (!rotateTroubled) {
        rotateTroubled = true;
        onTrouble(`could not rotate ${file} (${codeOf(err)}); it grows past its limit until it can`);
      }
    },
  };
}
