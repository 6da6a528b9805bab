/**
 * Backpressure for a streamed answer the gateway does not write itself: a 2026-07-28
 * `subscriptions/listen` stream is produced by the SDK's handler, which queues every event in its
 * own ReadableStream whatever the client reads. Node's adapter waits for 'drain' before it pulls
 * the next chunk, so a client that stops reading leaves that queue to grow with every backend
 * notification. This relay pulls the source as fast as it produces, keeps what the client has not
 * taken yet counted, and gives up on the client once more than `limit()` bytes wait.
 */
export function boundedStream(
  source: ReadableStream<Uint8Array>,
  limit: () => number,
  onDrop: (waitingBytes: number) => void,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  const queue: Uint8Array[] = [];
  let waiting = 0;
  let ended = false;
  let dropped = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        queue.push(value);
        waiting += value.byteLength;
        if (waiting > limit()) {
          dropped = true;
          queue.length = 0;
          onDrop(waiting);
          await reader.cancel('the client is not reading its stream').catch(() => undefined);
          break;
        }
        signal();
      }
    } catch (err) {
      failure = err;
    }
    ended = true;
    signal();
  })();

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (queue.length === 0 && !ended) {
          await new Promise<void>((resolve) => (wake = resolve));
        }
        const chunk = queue.shift();
        if (chunk !== undefined) {
          waiting -= chunk.byteLength;
          controller.enqueue(chunk);
          return;
        }
        if (dropped) {
          controller.error(new Error('the client is not reading its stream'));
        } else if (failure !== undefined) {
          controller.error(failure);
        } else {
          controller.close();
        }
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    // Nothing is buffered ahead of the consumer here: every waiting byte is in `queue`, counted.
    { highWaterMark: 0 },
  );
}

/** The same response, with its streamed (SSE) body bounded by `boundedStream`. */
export function boundedResponse(
  response: Response,
  limit: () => number,
  onDrop: (waitingBytes: number) => void,
): Response {
  const type = response.headers.get('content-type') ?? '';
  if (response.body === null || !type.includes('text/event-stream')) {
    return response;
  }
  return new Response(boundedStream(response.body, limit, onDrop), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}
