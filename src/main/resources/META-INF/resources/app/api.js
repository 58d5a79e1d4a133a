// The service's public API as the page uses it: who the caller is, and one call() that sends the identity the way
// the service's identity mode asks (user_email in email mode, a bearer token in jwt mode, nothing in header mode)
// and turns problem bodies into ApiError. The token lives in this tab's sessionStorage only: never in a URL or a log.

const EMAIL_KEY = 'convo.email';
const TOKEN_KEY = 'convo.token';

/** A problem answer (RFC 9457) of the service: `code` is the stable part, `detail` the explanation. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || 'http_' + status;
    this.problem = problem;
  }
}

export const identity = {
  mode: 'email',
  email: null,
  token: sessionStorage.getItem(TOKEN_KEY),
  remembered: localStorage.getItem(EMAIL_KEY),
};

export function remember(email, token) {
  identity.email = email;
  if (identity.mode === 'email') localStorage.setItem(EMAIL_KEY, email);
  if (token !== undefined) {
    identity.token = token;
    sessionStorage.setItem(TOKEN_KEY, token);
  }
}

export function forget() {
  identity.email = null;
  identity.token = null;
  localStorage.removeItem(EMAIL_KEY);
  sessionStorage.removeItem(TOKEN_KEY);
}

function headersFor(accept, extra = {}) {
  const headers = { Accept: accept, ...extra };
  if (identity.token) headers.Authorization = 'Bearer ' + identity.token;
  return headers;
}

/** The path with its query; in email mode a bodiless call on a user's data names the user too. */
function urlOf(path, query = {}, named) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, value);
  }
  if (named && identity.mode === 'email' && identity.email) params.set('user_email', identity.email);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/**
 * Sends one request and answers the Response (for streams and downloads), or throws ApiError.
 * `named`: the route acts on the caller's data (conversations and below), so email mode names the user.
 */
export async function send(method, path, { body, query, accept = 'application/json', named = true, headers, signal } = {}) {
  const init = { method, headers: headersFor(accept, headers), cache: 'no-store', signal };
  if (body !== undefined) {
    const withUser = named && identity.mode === 'email' ? { ...body, user_email: identity.email } : body;
    init.body = JSON.stringify(withUser);
    init.headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(urlOf(path, query, named && body === undefined), init);
  if (!response.ok) throw await problemOf(response);
  return response;
}

/** As send(), answering the parsed JSON body (null for 204). */
export async function call(method, path, options) {
  const response = await send(method, path, options);
  return response.status === 204 ? null : response.json();
}

async function problemOf(response) {
  try {
    return new ApiError(response.status, await response.json());
  } catch {
    return new ApiError(response.status, { title: response.statusText });
  }
}

export const users = {
  me: () => call('GET', '/me', { named: false }),
  get: email => call('GET', `/users/${encodeURIComponent(email)}`, { named: false }),
  signUp: (name, email) => call('POST', '/users', { body: { name, email }, named: false }),
  usage: email => call('GET', `/users/${encodeURIComponent(email)}/usage`, { query: { days: 30 }, named: false }),
  export: email => send('GET', `/users/${encodeURIComponent(email)}/export`, { named: false }),
};

export const models = () => call('GET', '/models', { named: false });

const conversationPath = id => `/conversations/${encodeURIComponent(id)}`;
const messagePath = (id, messageId) => `${conversationPath(id)}/messages/${encodeURIComponent(messageId)}`;

export const conversations = {
  list: (email, cursor) => call('GET', `/conversations/user/${encodeURIComponent(email)}`,
    { query: { limit: 20, cursor }, named: false }),
  search: (email, q, cursor) => call('GET', `/conversations/user/${encodeURIComponent(email)}/search`,
    { query: { q, limit: 20, cursor }, named: false }),
  read: (id, page = {}) => call('GET', conversationPath(id), { query: { cursor: page.cursor } }),
  update: (id, changes) => call('PATCH', conversationPath(id), { body: changes }),
  remove: id => call('DELETE', conversationPath(id)),
  restore: id => call('POST', `${conversationPath(id)}/restore`),
  export: (id, format) => send('GET', `${conversationPath(id)}/export`,
    { query: { format }, accept: format === 'json' ? 'application/json' : 'text/markdown' }),
  shares: id => call('GET', `${conversationPath(id)}/shares`),
  share: id => call('POST', `${conversationPath(id)}/shares`),
  revoke: (id, token) => call('DELETE', `${conversationPath(id)}/shares/${encodeURIComponent(token)}`),
  shared: token => call('GET', `/shared/${encodeURIComponent(token)}`, { named: false }),
};

const EVENTS = 'text/event-stream';

/** The streamed turns: each answers the Response whose body is the reply's events. */
export const turns = {
  start: settings => send('POST', '/conversations', { body: { ...settings, stream: true }, accept: EVENTS }),
  post: (id, text) => send('POST', `${conversationPath(id)}/messages`, { body: { text, stream: true }, accept: EVENTS }),
  regenerate: (id, messageId) => send('POST', `${messagePath(id, messageId)}/regenerate`,
    { body: { stream: true }, accept: EVENTS }),
  edit: (id, messageId, text) => send('POST', `${messagePath(id, messageId)}/edit`,
    { body: { text, stream: true }, accept: EVENTS }),
  follow: (id, messageId, lastEventId, signal) => send('GET', `${messagePath(id, messageId)}/events`,
    { accept: EVENTS, headers: lastEventId ? { 'Last-Event-ID': lastEventId } : {}, signal }),
  stop: (id, messageId) => call('POST', `${messagePath(id, messageId)}/stop`),
  activate: (id, messageId) => call('POST', `${messagePath(id, messageId)}/activate`),
  rate: (id, messageId, rating) => call('PUT', `${messagePath(id, messageId)}/feedback`, { body: { rating } }),
  unrate: (id, messageId) => call('DELETE', `${messagePath(id, messageId)}/feedback`),
};
