// Creates one user and one conversation per benchmark connection through the API (this service's or the seed's: the
// same routes and bodies), each conversation with a first turn and TURNS more, and writes "email conversationId"
// lines for the wrk scripts.
// Usage: node seed.mjs BASE_URL COUNT OUTPUT_FILE [TURNS]
import { writeFileSync } from 'node:fs';

const [base, countArg, output, turnsArg] = process.argv.slice(2);
const turns = Number(turnsArg ?? 4);
const count = Number(countArg);
const post = async (path, body) => {
  const response = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
};

const lines = [];
const seedOne = async (i) => {
  const email = `bench-${i}-${Date.now()}@example.com`;
  await post('/users', { name: `Bench ${i}`, email });
  const started = await post('/conversations', { user_email: email, first_message: 'Hello' });
  const id = started.conversation.id ?? started.conversation._id; // this service's view, or the seed's document
  for (let turn = 0; turn < turns; turn += 1) {
    await post(`/conversations/${id}/messages`, { user_email: email, text: `Turn ${turn}` });
  }
  lines.push(`${email} ${id}`);
};
for (let i = 0; i < count; i += 50) {
  await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => seedOne(i + j)));
}
writeFileSync(output, lines.join('\n') + '\n');
console.log(`seeded ${lines.length} users and conversations`);
