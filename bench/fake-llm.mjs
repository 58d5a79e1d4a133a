// The benchmark's model: an OpenAI-compatible chat-completions server that can hold thousands of open requests.
// Directives in the last user message set its behaviour per request, as in the tests' fake:
//   [[delay 2000]] waits 2 s before answering, [[tokens 40]] replies with 40 words,
//   [[token-delay 50]] streams them 50 ms apart (with "stream": true). Usage: node fake-llm.mjs PORT
import http from 'node:http';

const port = Number(process.argv[2] ?? 18090);
const number = (text, name, otherwise) => {
  const match = text.match(new RegExp(`\\[\\[${name} (\\d+)]]`));
  return match ? Number(match[1]) : otherwise;
};

const server = http.createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => { body += chunk; });
  request.on('end', () => {
    let chat;
    try { chat = JSON.parse(body); } catch { response.writeHead(400).end(); return; }
    const prompt = [...chat.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const tokens = number(prompt, 'tokens', 8);
    const words = Array.from({ length: tokens }, (_, i) => `w${i + 1}`);
    const usage = { prompt_tokens: chat.messages.length * 10, completion_tokens: tokens, total_tokens: chat.messages.length * 10 + tokens };
    setTimeout(() => chat.stream ? stream(response, chat.model, words, number(prompt, 'token-delay', 0), usage)
      : answer(response, chat.model, words.join(' '), usage), number(prompt, 'delay', 0));
  });
});

function answer(response, model, text, usage) {
  const json = JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion', model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage });
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) }).end(json);
}

function stream(response, model, words, delay, usage) {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta, finish) => `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', model,
    choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let i = 0;
  const next = () => {
    if (response.destroyed) return;
    if (i < words.length) {
      response.write(chunk({ content: (i ? ' ' : '') + words[i] }, null));
      i += 1;
      setTimeout(next, delay);
    } else {
      response.write(chunk({}, 'stop'));
      response.write(`data: ${JSON.stringify({ model, choices: [], usage })}\n\n`);
      response.end('data: [DONE]\n\n');
    }
  };
  next();
}

server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.maxConnections = 100_000;
// a backlog for bursts: the service opens up to its pool size (1,024) of connections at once, and Node's default
// backlog (511) would drop the rest for a TCP retransmission timeout
server.listen(port, '127.0.0.1', 4096, () => console.log(`fake-llm ready on ${port}`));
