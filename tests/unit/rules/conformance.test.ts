/**
 * Every rule keeps the same promises: a file named after its id, a registry entry, a test file, a doc,
 * English and Danish texts for each message with the same placeholders, and options whose schema gives defaults.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { rules, rulesById } from '../../../src/rules';
import { ruleMessageKey } from '../../../src/rules/types';
import type { Rule } from '../../../src/rules/types';
import { localeMessages, placeholders, ROOT } from './rule-tester';

const RULES_DIR = resolve(ROOT, 'src/rules');
const isRule = (value: unknown): value is Rule<unknown> =>
  typeof value === 'object' && value !== null && 'meta' in value && 'check' in value && typeof value.check === 'function';

/** Every src/rules/*.ts file with its default export; helpers (types, stage, dates, index) export none. */
const modules = await Promise.all(
  readdirSync(RULES_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
    .sort()
    .map(async (file) => {
      const module = (await import(pathToFileURL(resolve(RULES_DIR, file)).href)) as { default?: unknown };
      return { file, id: file.replace(/\.ts$/, ''), exported: module.default };
    }),
);
const ruleFiles = modules.flatMap(({ id, exported }) => (isRule(exported) ? [{ id, rule: exported }] : []));
const locales = localeMessages();

describe('rule conformance', () => {
  it('finds the rule files', () => {
    expect(ruleFiles.map((file) => file.id)).toEqual(expect.arrayContaining(['close-date-past', 'next-step-missing', 'stale-record']));
  });

  it('no file default-exports something that is half a rule', () => {
    const halfRules = modules
      .filter(({ exported }) => exported !== undefined && !isRule(exported))
      .filter(({ exported }) => typeof exported === 'object' && exported !== null && ('meta' in exported || 'check' in exported));
    expect(halfRules.map((m) => m.file)).toEqual([]);
  });

  it('registers every rule file, once, and nothing else', () => {
    const registered = rules.map((rule) => rule.meta.id);
    expect(new Set(registered).size, 'duplicate ids in src/rules/index.ts').toBe(registered.length);
    expect([...registered].sort()).toEqual(ruleFiles.map((file) => file.id).sort());
  });

  it('has no rule texts in the locale files for rules or messages that do not exist', () => {
    const expected = new Set(rules.flatMap((rule) => [...rule.meta.messages, 'name', 'why', 'fix'].map((m) => ruleMessageKey(rule.meta.id, m))));
    for (const [lang, messages] of Object.entries(locales)) {
      const orphans = Object.keys(messages).filter((key) => key.startsWith('rule_') && !expected.has(key));
      expect(orphans, `${lang} messages without a rule`).toEqual([]);
    }
  });

  describe.each(ruleFiles)('$id', ({ id, rule }) => {
    it('meta.id equals the file name', () => {
      expect(rule.meta.id).toBe(id);
    });

    it('is the registered rule', () => {
      expect(rulesById.get(id)).toBe(rule);
    });

    it(`has a test file tests/unit/rules/${id}.test.ts`, () => {
      expect(existsSync(resolve(ROOT, `tests/unit/rules/${id}.test.ts`))).toBe(true);
    });

    it(`has a doc docs/rules/${id}.md that names every option`, () => {
      const path = resolve(ROOT, `docs/rules/${id}.md`);
      expect(existsSync(path), path).toBe(true);
      const doc = readFileSync(path, 'utf8');
      const defaults = rule.meta.options.safeParse({});
      const names = defaults.success && typeof defaults.data === 'object' && defaults.data !== null ? Object.keys(defaults.data) : [];
      for (const name of names) expect(doc, `docs/rules/${id}.md documents the option ${name}`).toContain(`\`${name}\``);
    });

    it('declares a category, a severity and at least one message id, each a plain word and unique', () => {
      expect(['staleness', 'qualification', 'data']).toContain(rule.meta.category);
      expect(['info', 'warning', 'critical']).toContain(rule.meta.severity);
      expect(rule.meta.messages.length).toBeGreaterThan(0);
      expect(new Set(rule.meta.messages).size).toBe(rule.meta.messages.length);
      for (const messageId of rule.meta.messages) expect(messageId).toMatch(/^[A-Za-z]\w*$/);
      expect(rule.meta.messages).not.toEqual(expect.arrayContaining(['name']));
    });

    it('meta.options.parse({}) gives the defaults, and parsing the defaults changes nothing', () => {
      const parsed = rule.meta.options.safeParse({});
      expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
      if (!parsed.success) return;
      expect(typeof parsed.data).toBe('object');
      expect(rule.meta.options.parse(structuredClone(parsed.data))).toEqual(parsed.data);
    });

    const keys = [...rule.meta.messages, 'name', 'why', 'fix'];
    it.each(keys)('has English and Danish text for %s with the same placeholders', (messageId) => {
      const key = ruleMessageKey(id, messageId);
      const en = locales.en[key]?.message;
      const da = locales.da[key]?.message;
      expect(en?.trim(), `en ${key}`).toBeTruthy();
      expect(da?.trim(), `da ${key}`).toBeTruthy();
      expect(placeholders(da ?? ''), `placeholders of ${key}`).toEqual(placeholders(en ?? ''));
    });
  });
});
