// The list of the reader's conversations in the sidebar: newest first, a page at a time, or the hits of a search
// with their match marked; on a phone the sidebar folds away.

import * as api from './api.js';
import { identity } from './api.js';
import { chat, openConversation } from './chat.js';
import { $, el, notify, formatTime } from './ui.js';

const list = { cursor: null, query: '' };

export function wireSidebar() {
  $('search').addEventListener('input', searchSoon);
  $('search-form').addEventListener('submit', event => event.preventDefault());
  $('more-conversations').addEventListener('click', () => (list.query ? searchPage() : listPage()));
  $('open-sidebar').addEventListener('click', () => {
    $('layout').classList.add('sidebar-open');
    $('open-sidebar').setAttribute('aria-expanded', 'true');
    $('new-chat').focus();
  });
  $('close-sidebar').addEventListener('click', closeSidebar);
}

export async function refreshList() {
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

export function markCurrent() {
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

export function closeSidebar() {
  $('layout').classList.remove('sidebar-open');
  $('open-sidebar').setAttribute('aria-expanded', 'false');
}
