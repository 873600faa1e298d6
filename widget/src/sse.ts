/**
 * A Server-Sent Events parser (WHATWG HTML, "Parsing an event stream"): fed text chunks as they
 * arrive, it calls `onEvent` for each dispatched event with its `event` type (default `message`),
 * its `data` lines joined by line feeds, and its `id` (the last one set, as EventSource keeps it).
 * Comments (`:`) and `retry:` are ignored. Free of the DOM, so tests run it in Node.
 */

/** One dispatched event. */
export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/** Returns the function to feed chunks to; `onEvent` runs for each complete event. */
export function sseParser(onEvent: (e: SseEvent) => void): (chunk: string) => void {
  let buffer = '';
  let lastId: string | undefined;
  let event = '';
  let data: string[] = [];
  let sawData = false;
  const line = (l: string) => {
    if (l === '') {
      if (sawData) onEvent({ id: lastId, event: event || 'message', data: data.join('\n') });
      event = '';
      data = [];
      sawData = false;
      return;
    }
    if (l.charCodeAt(0) === 58) return; // ':' comment
    const colon = l.indexOf(':');
    const field = colon < 0 ? l : l.slice(0, colon);
    let value = colon < 0 ? '' : l.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') {
      data.push(value);
      sawData = true;
    } else if (field === 'id' && !value.includes('\u0000')) lastId = value;
  };
  return (chunk) => {
    buffer += chunk;
    // A chunk may end inside a line, or between the \r and \n of one line end: keep that for the next.
    const end = buffer.endsWith('\r') ? buffer.length - 1 : buffer.length;
    const lines = buffer.slice(0, end).split(/\r\n|\r|\n/);
    buffer = (lines.pop() ?? '') + buffer.slice(end);
    for (const l of lines) line(l);
  };
}
