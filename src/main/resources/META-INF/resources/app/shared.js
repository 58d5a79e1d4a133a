// A shared conversation (/#shared/<token>), read-only and without signing in: GET /shared/{token}.

import * as api from './api.js';
import { renderMarkdown } from './markdown.js';
import { $, el, notify } from './ui.js';

/** A shared conversation, read-only, without signing in. */
export async function showShared(token) {
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
