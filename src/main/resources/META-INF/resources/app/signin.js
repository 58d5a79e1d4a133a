// Signing the reader in as the service's identity mode requires (GET /me says which): an e-mail address in email
// mode, a pasted token in jwt mode, nothing in header mode; a name when the address has no account yet.

import * as api from './api.js';
import { identity } from './api.js';
import { $, notify, describe } from './ui.js';

let signedIn = () => {};

/** Wires the dialog; `then(email)` runs once the reader is signed in. */
export function wireSignIn(then) {
  signedIn = then;
  $('sign-in-form').addEventListener('submit', submitSignIn);
  // nothing is shown until someone signs in
  $('sign-in').addEventListener('cancel', event => event.preventDefault());
  $('sign-out').addEventListener('click', signOut);
}

export async function signIn() {
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
  if (email && await known(email)) return signedIn(email);
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
    signedIn(email);
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

function signOut() {
  api.forget();
  location.hash = '';
  location.reload();
}
