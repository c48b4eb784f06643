// Adds or updates messages in both locale files: `node scripts/add-messages.mjs new-messages.json`
// where the file is { "key": { "en": "…", "da": "…", "description": "…" } }. Keeps keys sorted as they were
// (new keys appended) and holds a lock so several people adding messages at once do not overwrite each other.
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const LOCK = join(ROOT, '.messages.lock');
const input = process.argv[2];
if (!input) {
  console.error('usage: node scripts/add-messages.mjs <messages.json>');
  process.exit(2);
}
const additions = JSON.parse(readFileSync(input, 'utf8'));
for (const [key, entry] of Object.entries(additions)) {
  if (!/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`${key}: keys may hold only letters, digits and _`);
  for (const lang of ['en', 'da']) {
    if (typeof entry[lang] !== 'string' || !entry[lang]) throw new Error(`${key}.${lang}: missing text`);
    if (entry[lang].includes('$')) throw new Error(`${key}.${lang}: "$" is special in Chrome's message files`);
  }
}

const deadline = Date.now() + 10_000;
for (;;) {
  try {
    mkdirSync(LOCK);
    break;
  } catch {
    if (Date.now() > deadline) throw new Error(`could not take ${LOCK}; remove it if no one is adding messages`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
try {
  for (const lang of ['en', 'da']) {
    const file = join(ROOT, 'public', '_locales', lang, 'messages.json');
    const messages = JSON.parse(readFileSync(file, 'utf8'));
    for (const [key, entry] of Object.entries(additions)) {
      messages[key] = { message: entry[lang], ...(lang === 'en' && entry.description ? { description: entry.description } : {}) };
    }
    writeFileSync(file, `${JSON.stringify(messages, null, 2)}\n`);
  }
  console.log(`added ${Object.keys(additions).length} messages to en and da`);
} finally {
  rmdirSync(LOCK);
}
