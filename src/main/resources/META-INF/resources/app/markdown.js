// Model output is untrusted: Markdown is rendered by marked with raw HTML shown as text and images as links, then
// sanitized by DOMPurify (no script, no event handler, only http(s) and mailto links), and reaches the DOM only as
// DOMPurify's TrustedHTML (the page's CSP requires trusted types).

import { Marked } from '/_static/marked/lib/marked.esm.js';
import DOMPurify from '/_static/dompurify/dist/purify.es.mjs';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = text => String(text).replace(/[&<>"']/g, c => ESCAPES[c]);

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html: token => escape(token.text),
    image: token => `<a href="${escape(token.href)}">${escape(token.text || token.href)}</a>`,
  },
});

DOMPurify.addHook('afterSanitizeAttributes', node => {
  if (node.tagName === 'A') {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

const POLICY = {
  RETURN_TRUSTED_TYPE: true,
  FORBID_TAGS: ['img', 'style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'svg', 'math'],
  FORBID_ATTR: ['style', 'id', 'class'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
};

/** Replaces the element's content with the rendered, sanitized Markdown of `text`. */
export function renderMarkdown(element, text) {
  element.innerHTML = DOMPurify.sanitize(marked.parse(text ?? ''), POLICY);
}
