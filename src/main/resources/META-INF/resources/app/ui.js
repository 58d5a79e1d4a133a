// Small DOM helpers shared by the page's modules: elements built from text only (never from HTML strings), the
// notice line, downloads, and what a failed or stopped reply tells its reader.

export const $ = id => document.getElementById(id);

/** An element with properties (`text`, `className`, `dataset`, attributes, `on<event>` handlers) and children. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'className') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter(child => child !== null && child !== undefined && child !== false));
  return node;
}

let noticeAction = null;

/** Shows a line of news or trouble (an ApiError shows its detail and code), with an optional action button. */
export function notify(what, action) {
  const text = what instanceof Error ? describe(what) : String(what);
  $('notice-text').textContent = text;
  $('notice').hidden = false;
  $('notice').classList.toggle('trouble', what instanceof Error);
  const button = $('notice-action');
  button.hidden = !action;
  noticeAction = action?.run ?? null;
  if (action) button.textContent = action.label;
}

export function clearNotice() {
  $('notice').hidden = true;
  noticeAction = null;
}

export function wireNotice() {
  $('notice-close').addEventListener('click', clearNotice);
  $('notice-action').addEventListener('click', () => {
    const run = noticeAction;
    clearNotice();
    run?.();
  });
}

export function describe(error) {
  return error.code ? `${error.message} (${error.code})` : error.message;
}

/** Puts text on the clipboard (a page without focus or permission may be refused: then it says so). */
export function copy(text) {
  return navigator.clipboard.writeText(text).then(() => notify('Copied.'), notify);
}

/** Saves a Response body as a file named `name`. */
export async function download(response, name) {
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const FAILURES = {
  llm_timeout: 'The model did not answer in time.',
  llm_unavailable: 'The model is unavailable right now.',
  llm_rejected: 'The model refused this request.',
  llm_not_configured: 'No model is configured on this service.',
  generation_lost: 'The reply was cut off: the server writing it went away.',
  server_shutdown: 'The reply was cut off: the server writing it shut down.',
  context_too_long: 'The conversation is too long for this model.',
  rate_limited: 'Too many messages in a minute: wait a little.',
  quota_exceeded: 'Your daily token quota is used up.',
};

/** Why a reply did not finish, in words, or null for a finished one. */
export function reasonOf(message) {
  if (message.status === 'stopped') return 'Stopped before the end.';
  if (message.status !== 'failed') return null;
  return (FAILURES[message.errorCode] ?? 'The reply failed.') + (message.errorCode ? ` (${message.errorCode})` : '');
}

export function formatTime(iso) {
  const time = new Date(iso);
  const today = new Date().toDateString() === time.toDateString();
  return today ? time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : time.toLocaleDateString();
}
