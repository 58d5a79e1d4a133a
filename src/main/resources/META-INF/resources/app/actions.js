// What the reader does to the conversation shown, besides chatting: its model and settings, rename, delete and
// undo, export (it, or all of the reader's data), share links, and the reader's usage.

import * as api from './api.js';
import { identity } from './api.js';
import { chat, newConversation, openConversation, renderHead } from './chat.js';
import { refreshList } from './sidebar.js';
import { $, el, copy, notify, describe, download } from './ui.js';

export function wireActions() {
  const on = (id, type, handler) => $(id).addEventListener(type, handler);
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
}

export async function loadModels() {
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
