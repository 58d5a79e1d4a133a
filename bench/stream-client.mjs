// Streamed turns at once, one per seeded conversation: counts the turns completed, the time to first token
// (first "delta" event) p50/p99, and then checks that every reply is stored complete.
// Usage: node stream-client.mjs BASE_URL IDS_FILE TOKENS TOKEN_DELAY_MS
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [base, idsFile, tokens, tokenDelay] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const targets = readFileSync(idsFile, 'utf8').trim().split('\n').map((line) => line.split(' '));

const turn = ([email, id]) => new Promise((resolve, reject) => {
  const started = performance.now();
  const body = JSON.stringify({ user_email: email, text: `Stream [[tokens ${tokens}]] [[token-delay ${tokenDelay}]]` });
  const request = http.request(`${base}/conversations/${id}/messages`, { method: 'POST', agent, timeout: 120_000,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) } },
  (response) => {
    let firstToken = null;
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk) => {
      text += chunk;
      if (firstToken === null && /event: ?delta/.test(text)) firstToken = performance.now() - started;
    });
    response.on('end', () => resolve({ done: /event: ?done/.test(text), firstToken,
      replyId: text.match(/"assistantMessage":\{"id":"([0-9a-f]{24})"/)?.[1], email, id }));
    response.on('error', reject);
  });
  request.on('error', reject);
  request.end(body);
});

const started = performance.now();
const results = await Promise.all(targets.map((target) => turn(target).catch((error) => ({ done: false, error: String(error) }))));
const seconds = (performance.now() - started) / 1000;
const ttft = results.filter((r) => r.firstToken !== null && r.firstToken !== undefined).map((r) => r.firstToken).sort((a, b) => a - b);
const pct = (p) => (ttft.length ? ttft[Math.min(ttft.length - 1, Math.floor((p / 100) * ttft.length))] : NaN);

let stored = 0;
for (const r of results.filter((x) => x.done)) {
  const page = await (await fetch(`${base}/conversations/${r.id}?user_email=${r.email}&limit=2`)).json();
  if (page.messages.some((m) => m.id === r.replyId && m.status === 'complete')) stored += 1;
}
console.log(`BENCH ${JSON.stringify({ turns: targets.length, completed: results.filter((r) => r.done).length,
  stored_complete: stored, seconds: Number(seconds.toFixed(1)), ttft_p50_ms: Number(pct(50).toFixed(1)),
  ttft_p99_ms: Number(pct(99).toFixed(1)), errors: results.filter((r) => r.error).length })}`);
