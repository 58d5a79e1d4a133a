// The web client's entry point: a shared conversation when the address names one, else the reader signs in
// (signin.js) and gets the list (sidebar.js), the conversation shown (chat.js) and what can be done to it (actions.js).

import { identity, remember } from './api.js';
import { loadModels, wireActions } from './actions.js';
import { chat, newConversation, openConversation, send, stop } from './chat.js';
import { showShared } from './shared.js';
import { closeSidebar, markCurrent, refreshList, wireSidebar } from './sidebar.js';
import { signIn, wireSignIn } from './signin.js';
import { $, clearNotice, notify, wireNotice } from './ui.js';

boot();

async function boot() {
  wireNotice();
  wirePage();
  const shared = location.hash.match(/^#shared\/(.+)$/);
  if (shared) return showShared(decodeURIComponent(shared[1]));
  await loadModels();
  await signIn();
}

async function enter(email) {
  remember(email, identity.mode === 'jwt' ? identity.token : undefined);
  $('who').textContent = `Signed in as ${email}`;
  $('account').hidden = false;
  $('sign-out').hidden = identity.mode === 'header';
  await refreshList();
  const open = location.hash.match(/^#c\/([0-9a-f]{24})$/);
  if (open) await openConversation(open[1]).catch(failure => { notify(failure); newConversation(); });
  else newConversation();
}

function wirePage() {
  wireSignIn(enter);
  wireSidebar();
  wireActions();
  $('new-chat').addEventListener('click', () => {
    closeSidebar();
    clearNotice();
    newConversation();
    markCurrent();
  });
  $('composer').addEventListener('submit', submitComposer);
  $('composer-text').addEventListener('keydown', event => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $('composer').requestSubmit();
    }
  });
  $('stop').addEventListener('click', stop);
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
