import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDownToLine, Pause, Play, Search } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';

import * as routes from '../../src-shared/api/routes.js';
import type { LogLine } from '../../src-shared/events.js';
import { useEngine } from '../api/context.js';
import { openSseStream } from '../api/sse.js';
import { CopyButton } from '../components/copy-button.js';
import { formatTime } from '../lib/format.js';
import { appendLogs, setLogLive, useLogs } from '../stores/logs.js';
import { filterLines, logsAsText, matchParts, pauseLabel } from './log-panel/log-text.js';

const EMPTY: LogLine[] = [];

/** Loads recent lines, then follows the live stream (resuming after the last seq on reconnect). */
function useLogStream(server: string): void {
  const link = useEngine();
  useEffect(() => {
    let stop: (() => void) | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const lastSeq = (): number | undefined => {
      const l = useLogs.getState().lines[server];
      return l?.[l.length - 1]?.seq;
    };
    const open = (): void => {
      if (cancelled) {
        return;
      }
      const after = lastSeq();
      stop = openSseStream({
        url: link.api.url(routes.serverLogStream, {
          params: { name: server },
          query: after !== undefined ? { after } : { limit: 1000 },
        }),
        headers: link.api.headers(),
        onOpen: () => setLogLive(server, true),
        onMessage: (m) => {
          try {
            appendLogs(server, [JSON.parse(m.data) as LogLine]);
          } catch {
            // a keep-alive or foreign message
          }
        },
        onClose: () => {
          setLogLive(server, false);
          if (!cancelled) {
            timer = setTimeout(open, 1500);
          }
        },
      });
    };
    link.api
      .call(routes.serverLogs, { params: { name: server }, query: { limit: 1000 } })
      .then((r) => appendLogs(server, r.lines))
      .catch(() => undefined)
      .finally(open);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      stop?.();
      setLogLive(server, false);
    };
  }, [link, server]);
}

function Highlight({ text, q }: { text: string; q: string }) {
  const parts = matchParts(text, q);
  if (parts === undefined) {
    return <>{text}</>;
  }
  return (
    <>
      {parts[0]}
      <mark>{parts[1]}</mark>
      {parts[2]}
    </>
  );
}

/** The lines in a virtual list that keeps the newest in view while following. */
function LogView(props: {
  server: string;
  lines: LogLine[];
  q: string;
  follow: boolean;
  setFollow: (follow: boolean) => void;
}) {
  const { lines, q, follow } = props;
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: lines.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 20,
    overscan: 20,
  });
  useEffect(() => {
    if (follow && lines.length > 0) {
      v.scrollToIndex(lines.length - 1, { align: 'end' });
    }
  }, [follow, lines.length, v]);
  return (
    <div
      ref={parent}
      className="log-view"
      role="log"
      aria-label={`Logs of ${props.server}`}
      tabIndex={0}
      onWheel={(e) => {
        if (e.deltaY < 0 && follow) {
          props.setFollow(false);
        }
      }}
    >
      {lines.length === 0 ? (
        <div className="faint" style={{ padding: 12, fontFamily: 'var(--font)' }}>
          {q !== ''
            ? 'No line matches.'
            : 'No log lines yet. What the server writes to stderr shows up here as it happens.'}
        </div>
      ) : (
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => {
            const l = lines[item.index] as LogLine;
            return (
              <div
                key={item.key}
                className={`log-line ${l.stream}`}
                data-index={item.index}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <span className="t">{formatTime(l.at)}</span>
                <span className="l">
                  <Highlight text={l.line} q={q} />
                </span>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

/** A server's log: live, searchable, pausable, followed to the newest line, copyable. */
export function LogPanel({ server }: { server: string }) {
  useLogStream(server);
  const all = useLogs((s) => s.lines[server] ?? EMPTY);
  const live = useLogs((s) => s.live[server] === true);
  const [q, setQ] = useState('');
  const [paused, setPaused] = useState(false);
  const [follow, setFollow] = useState(true);
  // While paused the view keeps the lines it had; new ones are counted, not shown.
  const [frozen, setFrozen] = useState<LogLine[] | undefined>(undefined);
  const source = paused && frozen !== undefined ? frozen : all;
  const lines = useMemo(() => filterLines(source, q), [source, q]);
  const hidden = paused && frozen !== undefined ? all.length - frozen.length : 0;

  return (
    <div className="card">
      <div className="card-head" style={{ flexWrap: 'wrap' }}>
        <h2 className="row" style={{ gap: 8 }}>
          Logs
          <span className={`badge ${live ? 's-running' : 's-stopped'}`}>
            <span className="dot" aria-hidden />
            {live ? 'Live' : 'Not live'}
          </span>
        </h2>
        <div className="search" style={{ maxWidth: 220 }}>
          <Search size={14} aria-hidden />
          <input
            className="input"
            placeholder="Search logs"
            aria-label="Search logs"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
        </div>
        <button
          className="btn sm"
          aria-pressed={paused}
          onClick={() => {
            setFrozen(paused ? undefined : all);
            setPaused(!paused);
          }}
        >
          {paused ? <Play size={13} /> : <Pause size={13} />}
          {pauseLabel(paused, hidden)}
        </button>
        <button className="btn sm" aria-pressed={follow} onClick={() => setFollow(!follow)}>
          <ArrowDownToLine size={13} /> Follow
        </button>
        <CopyButton text={logsAsText(lines)} label="Copy logs" />
      </div>
      <LogView server={server} lines={lines} q={q} follow={follow} setFollow={setFollow} />
    </div>
  );
}
