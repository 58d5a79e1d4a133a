// The conversation shown: its messages (the branch shown), the streamed turns that add to it (send, regenerate,
// edit), stop, moving between versions, and following a reply still being written after a reload.

import { conversations, turns } from './api.js';
import { follow } from './events.js';
import { renderMarkdown } from './markdown.js';
import { $, el, copy, notify, clearNotice, reasonOf } from './ui.js';

export const chat = {
  conversation: null,
  messages: [],
  olderCursor: null,
  streaming: null, // { abort, conversationId, replyId }
  onChange: () => {}, // the list refreshes: a conversation started, moved up, renamed
  models: [],
};

const UNFINISHED = new Set(['streaming', 'pending']);

/** Opens a conversation (the branch shown) and follows its last reply if it is still being written. */
export async function openConversation(id) {
  leave();
  const read = await conversations.read(id);
  show(read);
  history.replaceState(null, '', `#c/${encodeURIComponent(id)}`);
  const last = read.messages.at(-1);
  if (last?.role === 'assistant' && UNFINISHED.has(last.status)) {
    // the stored text is the reply up to its length, and each delta's id is that length: resume right after it
    streamReply({ conversationId: id, id: last.id, lastEventId: last.text ? String(last.text.length) : null });
  }
}

/** An empty page for a new conversation. */
export function newConversation() {
  leave();
  show({ conversation: null, messages: [] });
  history.replaceState(null, '', location.pathname);
  $('composer-text').focus();
}

/** Stops following the reply on screen (it goes on being written on the server; reopening resumes it). */
function leave() {
  chat.streaming?.abort.abort();
  chat.streaming = null;
  setBusy(false);
}

function show(read) {
  chat.conversation = read.conversation;
  chat.messages = read.messages;
  chat.olderCursor = read.nextCursor ?? null;
  renderHead();
  renderMessages();
}

export function renderHead() {
  const conversation = chat.conversation;
  $('conversation-title').textContent = conversation ? conversation.title || 'Untitled' : 'New chat';
  document.title = conversation ? `${conversation.title || 'Untitled'} · Chat` : 'Chat';
  $('conversation-actions').hidden = !conversation;
  $('model-select').value = conversation?.settings?.model ?? $('model-select').dataset.defaultModel ?? '';
}

function renderMessages() {
  const list = $('messages');
  const items = chat.messages.map((message, index) => messageItem(message, index === chat.messages.length - 1));
  if (chat.olderCursor) {
    items.unshift(el('li', { className: 'older' },
      el('button', { type: 'button', className: 'link', text: 'Show earlier messages', onclick: showOlder })));
  }
  list.replaceChildren(...items);
  $('empty-state').hidden = chat.messages.length > 0;
  list.lastElementChild?.scrollIntoView({ block: 'end' });
}

async function showOlder() {
  try {
    const page = await conversations.read(chat.conversation.id, { cursor: chat.olderCursor });
    chat.messages = [...page.messages, ...chat.messages];
    chat.olderCursor = page.nextCursor ?? null;
    renderMessages();
  } catch (failure) {
    notify(failure);
  }
}

function messageItem(message, isLast) {
  const mine = message.role === 'user';
  const body = el('div', { className: 'message-text' });
  fillText(body, message);
  const reason = reasonOf(message);
  return el('li', {
    className: `message ${mine ? 'from-user' : 'from-assistant'}`,
    dataset: { id: message.id, status: message.status ?? 'complete', length: String(message.text?.length ?? 0) },
    'aria-busy': UNFINISHED.has(message.status) ? 'true' : null,
  },
    el('div', { className: 'message-meta' },
      el('span', { className: 'author', text: mine ? 'You' : modelName(message.model) }),
      versionSwitch(message)),
    body,
    reason && el('p', { className: 'message-problem', role: 'note', text: reason }),
    actions(message, isLast));
}

function fillText(body, message) {
  if (message.role === 'user') body.textContent = message.text;
  else renderMarkdown(body, message.text);
}

function modelName(id) {
  return chat.models.find(model => model.id === id)?.name ?? id ?? 'Assistant';
}

function versionSwitch(message) {
  const count = message.versionCount ?? 1;
  if (count < 2 || !message.versionIds) return null;
  const index = (message.versionIndex ?? 1) - 1;
  const go = to => () => switchVersion(message.versionIds[to]);
  return el('span', { className: 'versions', role: 'group', 'aria-label': 'Versions' },
    el('button', { type: 'button', className: 'icon', 'aria-label': 'Previous version', disabled: index === 0, onclick: go(index - 1) }, '‹'),
    el('span', { className: 'version-index', text: `${index + 1} / ${count}` }),
    el('button', { type: 'button', className: 'icon', 'aria-label': 'Next version', disabled: index === count - 1, onclick: go(index + 1) }, '›'));
}

function actions(message, isLast) {
  if (UNFINISHED.has(message.status)) return null;
  const bar = el('div', { className: 'message-actions' });
  if (message.role === 'user') {
    bar.append(el('button', { type: 'button', className: 'link', text: 'Edit', onclick: () => startEdit(message) }));
  } else {
    if (isLast) bar.append(el('button', { type: 'button', className: 'link', text: 'Regenerate', onclick: () => regenerate(message) }));
    bar.append(el('button', { type: 'button', className: 'link', text: 'Copy', onclick: () => copy(message.text) }));
    if (message.status === 'complete') bar.append(...ratings(message));
  }
  return bar;
}

function ratings(message) {
  const rated = message.feedback?.rating;
  const rate = rating => async () => {
    const cleared = rated === rating;
    await (cleared ? turns.unrate(chat.conversation.id, message.id) : turns.rate(chat.conversation.id, message.id, rating))
      .then(() => {
        message.feedback = cleared ? undefined : { rating };
        renderMessages();
      }, notify);
  };
  return [
    el('button', { type: 'button', className: 'link', 'aria-pressed': String(rated === 'up'), onclick: rate('up') }, 'Good'),
    el('button', { type: 'button', className: 'link', 'aria-pressed': String(rated === 'down'), onclick: rate('down') }, 'Bad'),
  ];
}

async function switchVersion(messageId) {
  if (chat.streaming) return;
  try {
    show(await turns.activate(chat.conversation.id, messageId));
  } catch (failure) {
    notify(failure);
  }
}

function startEdit(message) {
  if (chat.streaming) return;
  const item = $('messages').querySelector(`[data-id="${CSS.escape(message.id)}"]`);
  const input = el('textarea', { rows: 3, 'aria-label': 'Edited message', maxlength: 32000 });
  input.value = message.text;
  const form = el('form', { className: 'edit-form' }, input,
    el('div', { className: 'edit-actions' },
      el('button', { type: 'button', text: 'Cancel', onclick: renderMessages }),
      el('button', { type: 'submit', className: 'primary', text: 'Save and send' })));
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (input.value.trim()) runTurn(() => turns.edit(chat.conversation.id, message.id, input.value));
  });
  item.querySelector('.message-text').replaceWith(form);
  item.querySelector('.message-actions')?.remove();
  input.focus();
}

/** Sends the composer's text: a new conversation's first message, or the next one. */
export function send(text, model) {
  if (chat.conversation) return runTurn(() => turns.post(chat.conversation.id, text));
  return runTurn(() => turns.start({ first_message: text, model: model || undefined }));
}

function regenerate(message) {
  return runTurn(() => turns.regenerate(chat.conversation.id, message.id));
}

/** Stops the reply being written (the server stops the model within a second; the stream then says so). */
export async function stop() {
  const streaming = chat.streaming;
  if (!streaming?.replyId) return;
  $('stop').disabled = true;
  try {
    await turns.stop(streaming.conversationId, streaming.replyId);
  } catch (failure) {
    if (failure.code !== 'not_streaming') notify(failure);
  }
}

async function runTurn(start) {
  if (chat.streaming) return false;
  clearNotice();
  const abort = new AbortController();
  chat.streaming = { abort, conversationId: chat.conversation?.id, replyId: null };
  setBusy(true);
  let response;
  try {
    response = await start();
  } catch (failure) {
    chat.streaming = null;
    setBusy(false);
    notify(failure);
    if (failure.problem?.conversationId) await openConversation(failure.problem.conversationId).catch(() => {});
    return false;
  }
  streamReply({ response }, abort);
  return true;
}

/** Reads a reply's events into the page until it ends, then reads the conversation again (versions, title). */
async function streamReply(reply, abort = new AbortController()) {
  chat.streaming = { abort, conversationId: reply.conversationId ?? chat.conversation?.id, replyId: reply.id ?? null };
  setBusy(true);
  const streaming = chat.streaming;
  let shown = chat.messages.find(message => message.id === reply.id);
  let ending = null;
  try {
    ending = await follow(reply, {
      onEvent(name, data) {
        if (name === 'message') shown = started(data.userMessage, data.assistantMessage);
        else if (name === 'delta' && shown) grow(shown, data.text);
        else if (name === 'done') {
          shown = Object.assign(shown ?? {}, data.message);
          renderMessages();
        }
        else if (name === 'error') notify(Object.assign(new Error(data.detail ?? data.title), { code: data.code }));
      },
      onReconnecting(attempt) {
        $('stream-status').textContent = `Connection lost, resuming (attempt ${attempt})…`;
      },
    }, abort.signal);
  } catch (failure) {
    notify(failure);
  }
  if (chat.streaming !== streaming) return; // the reader left this conversation meanwhile
  chat.streaming = null;
  setBusy(false);
  if (ending && streaming.conversationId) {
    await openConversation(streaming.conversationId).catch(notify);
    chat.onChange();
  }
}

/** The turn's stored messages arrived: show them in place of what they follow. */
function started(userMessage, assistantMessage) {
  const streaming = chat.streaming;
  streaming.replyId = assistantMessage.id;
  streaming.conversationId = assistantMessage.conversationId;
  $('stop').disabled = false;
  if (!chat.conversation) {
    // until the conversation is read again at the reply's end, its first message stands for its title
    const title = userMessage.text.split('\n')[0].slice(0, 80);
    chat.conversation = { id: assistantMessage.conversationId, title, settings: assistantMessage.settings ?? {} };
    history.replaceState(null, '', `#c/${encodeURIComponent(chat.conversation.id)}`);
    renderHead();
    chat.onChange();
  }
  const known = chat.messages.find(message => message.id === assistantMessage.id);
  if (known) return known; // a reply followed again: its text so far is on screen
  // a new turn follows its parent: what came after the parent on screen belongs to another branch now
  const parent = chat.messages.findIndex(message => message.id === userMessage.parentId);
  const before = parent >= 0 ? chat.messages.slice(0, parent + 1)
    : userMessage.parentId === chat.conversation.id ? [] : chat.messages.filter(message => message.id !== userMessage.id);
  chat.messages = [...before, userMessage, { ...assistantMessage, text: assistantMessage.text ?? '' }];
  renderMessages();
  return chat.messages.at(-1);
}

let pendingPaint = null;

function grow(message, text) {
  message.text += text;
  pendingPaint ??= requestAnimationFrame(() => {
    pendingPaint = null;
    const body = $('messages').querySelector(`[data-id="${CSS.escape(message.id)}"] .message-text`);
    if (body) {
      fillText(body, message);
      body.closest('li').dataset.length = String(message.text.length);
      body.scrollIntoView({ block: 'end' });
    }
  });
}

function setBusy(busy) {
  $('stop').hidden = !busy;
  $('stop').disabled = busy && !chat.streaming?.replyId;
  $('send').disabled = busy;
  $('stream-status').textContent = busy ? 'Writing…' : '';
  $('messages').setAttribute('aria-busy', String(busy));
}
