// Reading a reply's Server-Sent Events from a fetch() body, and following a reply to its end across dropped
// connections and reloads: each delta's id is the length of the reply's text so far, so resuming after the last id
// seen (or after the stored text's length) neither repeats nor loses text.

import { turns } from './api.js';

/** Splits a text/event-stream body into {id, name, data} events; comments (heartbeats) are skipped. */
export async function* events(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const cancel = () => reader.cancel().catch(() => {});
  signal?.addEventListener('abort', cancel);
  let buffer = '';
  let event = { data: [] };
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline).replace(/\r$/, '');
        buffer = buffer.slice(newline + 1);
        if (line === '') {
          if (event.data.length) yield { id: event.id, name: event.name ?? 'message', data: JSON.parse(event.data.join('\n')) };
          event = { data: [] };
        } else if (!line.startsWith(':')) {
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') event.data.push(text);
          else if (field === 'id') event.id = text;
          else if (field === 'event') event.name = text;
        }
      }
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

/**
 * Reads a reply's events to its end: first from `reply.response` (a streamed turn) when given, then, whenever the
 * connection drops, from the resume route after the last id seen (`reply.conversationId`, `reply.id` and
 * `reply.lastEventId` when following a reply already under way). `handlers.onEvent(name, data)` sees each event,
 * `handlers.onReconnecting(attempt)` each retry. Answers the last event (`done` or `error`), or null when aborted.
 */
export async function follow(reply, handlers, signal) {
  let response = reply.response;
  let conversationId = reply.conversationId;
  let replyId = reply.id;
  let lastId = reply.lastEventId ?? null;
  for (let attempt = 0; ; attempt++) {
    try {
      response ??= await turns.follow(conversationId, replyId, lastId, signal);
      for await (const event of events(response.body, signal)) {
        if (event.id !== undefined) lastId = event.id;
        if (event.name === 'message') {
          replyId = event.data.assistantMessage.id;
          conversationId = event.data.assistantMessage.conversationId;
        }
        handlers.onEvent(event.name, event.data);
        if (event.id === 'end') return event;
        attempt = 0;
      }
    } catch (failure) {
      if (failure.status) throw failure; // a problem answer (404, 401, ...): nothing to resume
      if (signal?.aborted) return null;
    }
    if (signal?.aborted) return null;
    if (!replyId || attempt >= RETRY_DELAYS_MS.length) throw new Error('The connection to the service keeps breaking.');
    handlers.onReconnecting?.(attempt + 1);
    await new Promise(resolve => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    response = null;
  }
}
