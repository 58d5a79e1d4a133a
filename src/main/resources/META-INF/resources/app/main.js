// The web client's entry point: finds out how the service identifies callers (GET /me) and signs the reader in
// accordingly, then wires the conversation list, search, the composer and the dialogs (settings, share, usage).

import * as api from './api.js';
import { identity } from './api.js';
import { chat, newConversation, openConversation, renderHead, send, stop } from './chat.js';
import { $, el, copy, notify, clearNotice, wireNotice, describe, download, formatTime } from './ui.js';
import { renderMarkdown } from './markdown.js';

const list = { cursor: null, query: '' };

boot();

async function boot() {
  wireNotice();
  wirePage();
  const shared = location.hash.match(/^#shared\/(.+)$/);
  if (shared) return showShared(decodeURIComponent(shared[1]));
  await loadModels();
  await signIn();
}

// ---- identity -------------------------------------------------------------------------------------------------

async function signIn() {
  let me;
  try {
    me = await api.users.me();
  } catch (failure) {
    if (failure.status !== 401) return notify(failure);
    api.forget(); // the token kept in this tab expired or was revoked
    me = await api.users.me();
  }
  identity.mode = me.authMode;
  const email = me.email ?? (identity.mode === 'email' ? identity.remembered : null);
  if (email && await known(email)) return enter(email);
  askWho(email);
}

async function known(email) {
  try {
    await api.users.get(email);
    return true;
  } catch (failure) {
    if (failure.code !== 'user_not_found') notify(failure);
    return false;
  }
}

/** The sign-in dialog as the identity mode needs it; `email`: an address already proved but not signed up. */
function askWho(email) {
  const mode = identity.mode;
  $('sign-in-help').textContent = {
    email: 'This service trusts the address you give (email mode): run it behind a gateway that signs users in.',
    jwt: email ? `Signed in as ${email}: give your name to create your account.` : 'Paste an access token (JWT) from your identity provider. It stays in this tab only.',
    header: email ? `Signed in as ${email} by your gateway: give your name to create your account.` : 'Your sign-in gateway did not say who you are: sign in through it, then reload this page.',
  }[mode];
  $('email-field').hidden = mode !== 'email';
  $('token-field').hidden = mode !== 'jwt' || !!email;
  $('name-field').hidden = mode !== 'email' && !email;
  $('sign-in-submit').hidden = mode === 'header' && !email;
  $('sign-in-error').textContent = '';
  identity.email = email;
  if (!$('sign-in').open) $('sign-in').showModal();
}

async function submitSignIn(event) {
  event.preventDefault();
  if ($('sign-in-submit').disabled) return;
  $('sign-in-submit').disabled = true;
  $('sign-in-error').textContent = '';
  try {
    const email = await provedEmail();
    if (!await known(email)) {
      const name = $('sign-in-name').value.trim();
      if (!name) {
        $('name-field').hidden = false;
        $('sign-in-error').textContent = 'There is no account for this address yet: give your name to create one.';
        $('sign-in-name').focus();
        return;
      }
      await api.users.signUp(name, email);
    }
    $('sign-in').close();
    enter(email);
  } catch (failure) {
    $('sign-in-error').textContent = describe(failure);
  } finally {
    $('sign-in-submit').disabled = false;
  }
}

/** The caller's address: typed (email mode), proved by the pasted token (jwt), or by the gateway (header). */
async function provedEmail() {
  if (identity.mode === 'email') {
    identity.email = $('sign-in-email').value.trim().toLowerCase();
    return identity.email;
  }
  if (identity.mode === 'jwt' && !identity.email) {
    identity.token = $('sign-in-token').value.trim();
    try {
      const me = await api.users.me();
      if (!me.email) throw new Error('Paste the token first.');
      identity.email = me.email;
    } catch (failure) {
      identity.token = null;
      throw failure;
    }
  }
  return identity.email;
}

async function enter(email) {
  api.remember(email, identity.mode === 'jwt' ? identity.token : undefined);
  $('who').textContent = `Signed in as ${email}`;
  $('sign-out').hidden = identity.mode === 'header';
  await refreshList();
  const open = location.hash.match(/^#c\/([0-9a-f]{24})$/);
  if (open) await openConversation(open[1]).catch(failure => { notify(failure); newConversation(); });
  else newConversation();
}

function signOut() {
  api.forget();
  location.hash = '';
  location.reload();
}

// ---- the list of conversations ----------------------------------------------------------------------------------

async function refreshList() {
  list.cursor = null;
  await (list.query ? searchPage() : listPage());
}

async function listPage() {
  try {
    const page = await api.conversations.list(identity.email, list.cursor ?? undefined);
    const items = page.items.map(conversation => listItem(conversation, formatTime(conversation.lastActivityAt)));
    showPage(items, page.nextCursor, page.total === 0 ? 'No conversations yet.' : '');
  } catch (failure) {
    notify(failure);
  }
}

async function searchPage() {
  try {
    const page = await api.conversations.search(identity.email, list.query, list.cursor ?? undefined);
    const items = page.hits.map(hit => listItem(hit.conversation, null, hit.snippet));
    const found = list.cursor || page.hits.length ? '' : 'Nothing found.';
    showPage(items, page.nextCursor, page.partial && page.nextCursor ? `${found} Searched part of your conversations.` : found);
  } catch (failure) {
    notify(failure);
  }
}

function showPage(items, nextCursor, status) {
  const target = $('conversation-list');
  if (list.cursor) target.append(...items);
  else target.replaceChildren(...items);
  list.cursor = nextCursor ?? null;
  $('more-conversations').hidden = !list.cursor;
  $('more-conversations').textContent = list.query ? 'Search further' : 'Show more';
  $('list-status').textContent = status;
  markCurrent();
}

function listItem(conversation, when, snippet) {
  const link = el('button', {
    type: 'button', className: 'conversation-link', dataset: { id: conversation.id },
    onclick: () => {
      closeSidebar();
      openConversation(conversation.id).catch(notify);
    },
  }, el('span', { className: 'conversation-title', text: conversation.title || 'Untitled' }),
  when && el('span', { className: 'muted small', text: when }),
  snippet && snippetOf(snippet));
  return el('li', {}, link);
}

/** The snippet with its match marked, built from text (a snippet is user or model text). */
function snippetOf(snippet) {
  const { text, matchStart, matchLength } = snippet;
  return el('span', { className: 'snippet' }, text.slice(0, matchStart),
    el('mark', { text: text.slice(matchStart, matchStart + matchLength) }), text.slice(matchStart + matchLength));
}

function markCurrent() {
  for (const link of document.querySelectorAll('.conversation-link')) {
    if (link.dataset.id === chat.conversation?.id) link.setAttribute('aria-current', 'true');
    else link.removeAttribute('aria-current');
  }
}

let searchTimer = null;

function searchSoon() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    list.query = $('search').value.trim();
    refreshList();
  }, 300);
}

// ---- models and settings --------------------------------------------------------------------------------------

async function loadModels() {
  try {
    const catalogue = await api.models();
    chat.models = catalogue.models;
    for (const select of [$('model-select'), $('settings-model')]) {
      select.replaceChildren(...catalogue.models.map(model => el('option', { value: model.id, text: model.name })));
    }
    $('model-select').dataset.defaultModel = catalogue.defaultModel;
    $('model-select').value = catalogue.defaultModel;
  } catch (failure) {
    notify(failure);
  }
}

async function changeModel() {
  if (!chat.conversation) return;
  await update({ model: $('model-select').value }).catch(notify);
}

async function update(changes) {
  const body = await api.conversations.update(chat.conversation.id, changes);
  chat.conversation = body.conversation;
  renderHead();
  refreshList();
}

const NUMBERS = { temperature: 'settings-temperature', top_p: 'settings-top-p', max_tokens: 'settings-max-tokens' };

function openSettings() {
  const settings = chat.conversation.settings ?? {};
  $('settings-model').value = settings.model;
  $('settings-system').value = settings.systemPrompt ?? '';
  $('settings-temperature').value = settings.temperature ?? '';
  $('settings-top-p').value = settings.topP ?? '';
  $('settings-max-tokens').value = settings.maxTokens ?? '';
  $('settings-error').textContent = '';
  $('settings').showModal();
}

async function saveSettings(event) {
  event.preventDefault();
  const changes = { model: $('settings-model').value, reset: [] };
  const system = $('settings-system').value;
  if (system.trim()) changes.system_prompt = system;
  else changes.reset.push('system_prompt');
  for (const [field, id] of Object.entries(NUMBERS)) {
    const value = $(id).value;
    if (value === '') changes.reset.push(field);
    else changes[field] = Number(value);
  }
  try {
    await update(changes);
    $('settings').close();
  } catch (failure) {
    const violations = failure.problem?.violations?.map(v => `${v.field}: ${v.message}`).join('; ');
    $('settings-error').textContent = violations || describe(failure);
  }
}

// ---- conversation actions ---------------------------------------------------------------------------------------

function startRename() {
  $('rename-input').value = chat.conversation.title ?? '';
  $('rename-form').hidden = false;
  $('conversation-title').hidden = true;
  $('rename-input').select();
}

function endRename() {
  $('rename-form').hidden = true;
  $('conversation-title').hidden = false;
}

async function rename(event) {
  event.preventDefault();
  try {
    await update({ title: $('rename-input').value.trim() });
    endRename();
  } catch (failure) {
    notify(failure);
  }
}

async function remove() {
  const { id, title } = chat.conversation;
  try {
    await api.conversations.remove(id);
  } catch (failure) {
    return notify(failure);
  }
  newConversation();
  await refreshList();
  notify(`Deleted “${title || 'Untitled'}”.`, {
    label: 'Undo', run: async () => {
      try {
        await api.conversations.restore(id);
        await refreshList();
        await openConversation(id);
      } catch (failure) {
        notify(failure);
      }
    },
  });
}

async function exportMarkdown() {
  try {
    const response = await api.conversations.export(chat.conversation.id, 'markdown');
    await download(response, `${(chat.conversation.title || 'conversation').replace(/[^\w.-]+/g, '_')}.md`);
  } catch (failure) {
    notify(failure);
  }
}

async function exportAll() {
  try {
    await download(await api.users.export(identity.email), 'my-conversations.json');
  } catch (failure) {
    notify(failure);
  }
}

// ---- share links ----------------------------------------------------------------------------------------------

async function openShares() {
  $('share-error').textContent = '';
  $('share-list').replaceChildren();
  $('share').showModal();
  try {
    const links = await api.conversations.shares(chat.conversation.id);
    $('share-list').replaceChildren(...links.shares.map(shareItem));
  } catch (failure) {
    $('share-error').textContent = describe(failure);
  }
}

function shareItem(share) {
  const url = `${location.origin}/#shared/${encodeURIComponent(share.token)}`;
  const field = el('input', { readonly: true, value: url, 'aria-label': 'Share link', className: 'share-url' });
  const item = el('li', { className: 'share-item' }, field,
    el('button', { type: 'button', text: 'Copy', onclick: () => copy(url) }),
    el('button', {
      type: 'button', className: 'danger', text: 'Revoke', onclick: async () => {
        try {
          await api.conversations.revoke(chat.conversation.id, share.token);
          item.remove();
        } catch (failure) {
          $('share-error').textContent = describe(failure);
        }
      },
    }));
  return item;
}

async function createShare() {
  try {
    const created = await api.conversations.share(chat.conversation.id);
    $('share-list').prepend(shareItem(created.share));
    $('share-list').querySelector('.share-url').select();
  } catch (failure) {
    $('share-error').textContent = describe(failure);
  }
}

/** A shared conversation, read-only, without signing in. */
async function showShared(token) {
  document.body.classList.add('shared-view');
  $('shared-banner').hidden = false;
  try {
    const shared = await api.conversations.shared(token);
    $('conversation-title').textContent = shared.title || 'Untitled';
    $('messages').replaceChildren(...shared.messages.map(message => {
      const body = el('div', { className: 'message-text' });
      if (message.role === 'user') body.textContent = message.text;
      else renderMarkdown(body, message.text);
      return el('li', { className: `message ${message.role === 'user' ? 'from-user' : 'from-assistant'}` },
        el('div', { className: 'message-meta' }, el('span', { className: 'author', text: message.role === 'user' ? 'User' : message.model ?? 'Assistant' })),
        body);
    }));
    $('empty-state').hidden = true;
  } catch (failure) {
    notify(failure);
  }
}

// ---- usage ----------------------------------------------------------------------------------------------------

async function openUsage() {
  try {
    const usage = await api.users.usage(identity.email);
    $('usage-rows').replaceChildren(...usage.daily.filter(day => day.replies > 0).map(day => el('tr', {},
      el('td', { text: day.day }), el('td', { text: String(day.replies) }), el('td', { text: String(day.totalTokens) }))));
    $('usage-replies').textContent = String(usage.total.replies);
    $('usage-tokens').textContent = String(usage.total.totalTokens);
    $('usage').showModal();
  } catch (failure) {
    notify(failure);
  }
}

// ---- wiring ----------------------------------------------------------------------------------------------------

function closeSidebar() {
  $('layout').classList.remove('sidebar-open');
  $('open-sidebar').setAttribute('aria-expanded', 'false');
}

function wirePage() {
  const on = (id, type, handler) => $(id).addEventListener(type, handler);
  on('sign-in-form', 'submit', submitSignIn);
  on('sign-in', 'cancel', event => event.preventDefault()); // nothing to show until someone is signed in
  on('new-chat', 'click', () => {
    closeSidebar();
    clearNotice();
    newConversation();
    markCurrent();
  });
  on('search', 'input', searchSoon);
  on('search-form', 'submit', event => event.preventDefault());
  on('more-conversations', 'click', () => (list.query ? searchPage() : listPage()));
  on('composer', 'submit', submitComposer);
  on('composer-text', 'keydown', event => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $('composer').requestSubmit();
    }
  });
  on('stop', 'click', stop);
  on('model-select', 'change', changeModel);
  on('rename', 'click', startRename);
  on('rename-form', 'submit', rename);
  on('rename-cancel', 'click', endRename);
  on('settings-button', 'click', openSettings);
  on('settings-form', 'submit', saveSettings);
  on('settings-cancel', 'click', () => $('settings').close());
  on('share-button', 'click', openShares);
  on('share-create', 'click', createShare);
  on('share-close', 'click', () => $('share').close());
  on('export-markdown', 'click', exportMarkdown);
  on('delete-conversation', 'click', remove);
  on('usage-button', 'click', openUsage);
  on('usage-close', 'click', () => $('usage').close());
  on('export-all', 'click', exportAll);
  on('sign-out', 'click', signOut);
  on('open-sidebar', 'click', () => {
    $('layout').classList.add('sidebar-open');
    $('open-sidebar').setAttribute('aria-expanded', 'true');
    $('new-chat').focus();
  });
  on('close-sidebar', 'click', closeSidebar);
  chat.onChange = () => {
    markCurrent();
    refreshList();
  };
}

async function submitComposer(event) {
  event.preventDefault();
  const text = $('composer-text').value;
  if (!text.trim()) return;
  if (await send(text, $('model-select').value)) $('composer-text').value = '';
}
