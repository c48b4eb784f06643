/**
 * Message formatting on top of the extension's locale files (public/_locales/<lang>/messages.json).
 * `{name}` inserts a value; `{name|one|other}` picks the plural form for the number in `name`
 * by the language's plural rules. Values are inserted as text; callers never render them as HTML.
 */
export type MessageData = Record<string, string | number>;
export type Lookup = (key: string) => string;
export type Translate = (key: string, data?: MessageData) => string;

export function createTranslator(lookup: Lookup, locale: string): Translate {
  const plural = new Intl.PluralRules(locale);
  const number = new Intl.NumberFormat(locale);
  return (key, data = {}) => {
    const template = lookup(key);
    if (!template) return key;
    return template.replace(/\{(\w+)(?:\|([^|}]*)\|([^|}]*))?\}/g, (whole, name: string, one?: string, other?: string) => {
      const value = data[name];
      if (value === undefined) return whole;
      if (one !== undefined && other !== undefined) {
        return plural.select(Number(value)) === 'one' ? one : other;
      }
      return typeof value === 'number' ? number.format(value) : value;
    });
  };
}

export interface MessagesFile {
  [key: string]: { message: string; description?: string };
}

export function lookupFromFile(messages: MessagesFile): Lookup {
  return (key) => messages[key]?.message ?? '';
}
