import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTranslator, lookupFromFile, type MessagesFile } from '../../../src/i18n/translate';
import en from '../../../public/_locales/en/messages.json';
import da from '../../../public/_locales/da/messages.json';

const ROOT = resolve(__dirname, '../../..');
const locales: Record<string, MessagesFile> = { en, da };

/** `{name}` and `{name|one|other}` both use `name`. */
function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)(?:\|[^|}]*\|[^|}]*)?\}/g)].map((match) => match[1]!))].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Keys passed literally to `t('…')` (not template literals: those are built from rule ids and field names). */
function literalKeysInSource(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const file of [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'entrypoints'))]) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*(['"])([A-Za-z0-9_]+)\1/g)) keys.set(match[2]!, file.slice(ROOT.length + 1));
  }
  return keys;
}

describe('locale files', () => {
  it('en and da have exactly the same keys', () => {
    const enKeys = Object.keys(en).sort();
    const daKeys = Object.keys(da).sort();
    expect(daKeys.filter((key) => !enKeys.includes(key)), 'only in da').toEqual([]);
    expect(enKeys.filter((key) => !daKeys.includes(key)), 'only in en').toEqual([]);
  });

  it('each key has the same placeholders in every language', () => {
    const mismatches = Object.entries(en as MessagesFile).flatMap(([key, { message }]) => {
      const other = (da as MessagesFile)[key]?.message ?? '';
      return placeholders(message).join(',') === placeholders(other).join(',') ? [] : [`${key}: en {${placeholders(message)}} da {${placeholders(other)}}`];
    });
    expect(mismatches).toEqual([]);
  });

  it('plural choices have exactly two forms and name a placeholder', () => {
    for (const [lang, messages] of Object.entries(locales)) {
      for (const [key, { message }] of Object.entries(messages)) {
        for (const match of message.matchAll(/\{[^}]*\|[^}]*\}/g)) {
          expect(match[0], `${lang} ${key}`).toMatch(/^\{\w+\|[^|}]+\|[^|}]+\}$/);
        }
      }
    }
  });

  it('no message is empty', () => {
    for (const [lang, messages] of Object.entries(locales)) {
      for (const [key, entry] of Object.entries(messages)) {
        expect(typeof entry.message, `${lang} ${key}`).toBe('string');
        expect(entry.message.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('keys are valid Chrome message names', () => {
    for (const key of Object.keys(en)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
    // Chrome reserves @@ names.
    for (const key of Object.keys(en)) expect(key.startsWith('@@')).toBe(false);
  });

  it('no message contains $ (Chrome reads $name$ as its own placeholders)', () => {
    for (const [lang, messages] of Object.entries(locales)) {
      for (const [key, { message }] of Object.entries(messages)) expect(message.includes('$'), `${lang} ${key}`).toBe(false);
    }
  });

  it('every key the source passes literally to t() exists in both languages', () => {
    const used = literalKeysInSource();
    // The scan must find the popup's keys, or it is not scanning anything.
    expect(used.has('popup_title')).toBe(true);
    const missing = [...used].flatMap(([key, file]) =>
      Object.entries(locales).flatMap(([lang, messages]) => (messages[key] ? [] : [`${key} (${file}) missing in ${lang}`])),
    );
    expect(missing).toEqual([]);
  });

  it('has the keys built at run time for every field and severity', async () => {
    const { FIELD_NAMES } = await import('../../../src/model/deal');
    const { SEVERITIES } = await import('../../../src/model/verdict');
    for (const messages of Object.values(locales)) {
      for (const field of FIELD_NAMES) expect(messages[`field_${field}`], `field_${field}`).toBeDefined();
      for (const severity of SEVERITIES) expect(messages[`severity_${severity}`], `severity_${severity}`).toBeDefined();
    }
  });

  it('has a name, why, fix and each message for every rule', async () => {
    const { rules } = await import('../../../src/rules');
    const { ruleMessageKey } = await import('../../../src/rules/types');
    for (const [lang, messages] of Object.entries(locales)) {
      for (const rule of rules) {
        for (const id of ['name', 'why', 'fix', ...rule.meta.messages]) {
          expect(messages[ruleMessageKey(rule.meta.id, id)], `${lang} ${ruleMessageKey(rule.meta.id, id)}`).toBeDefined();
        }
      }
    }
  });
});

describe('createTranslator', () => {
  const tEn = createTranslator(lookupFromFile(en), 'en');
  const tDa = createTranslator(lookupFromFile(da), 'da');

  it('picks plural forms by the language rules', () => {
    expect(tEn('rule_close_date_past__passed', { days: 1 })).toBe('Close date passed 1 day ago');
    expect(tEn('rule_close_date_past__passed', { days: 12 })).toBe('Close date passed 12 days ago');
    expect(tEn('rule_close_date_past__passed', { days: 0 })).toBe('Close date passed 0 days ago');
    expect(tDa('rule_close_date_past__passed', { days: 1 })).toBe('Lukkedatoen var for 1 dag siden');
    expect(tDa('rule_close_date_past__passed', { days: 12 })).toBe('Lukkedatoen var for 12 dage siden');
    expect(tEn('popup_findings_count', { count: 1 })).toBe('1 finding');
    expect(tEn('popup_findings_count', { count: 3 })).toBe('3 findings');
  });

  it('formats numbers for the locale', () => {
    expect(tEn('rule_close_date_past__passed', { days: 1234 })).toBe('Close date passed 1,234 days ago');
    expect(tDa('rule_close_date_past__passed', { days: 1234 })).toBe('Lukkedatoen var for 1.234 dage siden');
    expect(tDa('popup_score_of', { score: 72 })).toBe('72 af 100');
  });

  it('inserts data as text, never interpreting it', () => {
    const evil = '<img src=x onerror=alert(1)> {score} $1 $&';
    expect(tEn('popup_error', { error: evil })).toBe(`The extension could not answer: ${evil}`);
    expect(tEn('popup_cannot_check_item', { rule: '{fields}', fields: 'Stage' })).toBe('{fields}: needs Stage');
  });

  it('leaves a placeholder without data visible, and falls back to the key for an unknown message', () => {
    expect(tEn('popup_score_of')).toBe('{score} of 100');
    expect(tEn('no_such_key')).toBe('no_such_key');
  });
});
