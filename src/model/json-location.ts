/**
 * Where a JSON text is broken, worded the same in every browser (their own JSON.parse errors differ). Its own
 * module, free of imports: the content script reads custom CRM mappings and must not pull in the rule registry.
 */

class JsonSyntaxError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

/** Where the first syntax error in `text` is, by the JSON grammar (RFC 8259); null when there is none. */
export function locateJsonError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(at, message);
  };
  const unexpected = (what: string): never =>
    i >= text.length ? fail(`the file ends where ${what} was expected`) : fail(`expected ${what}, found ${JSON.stringify(text[i])}`);
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
  };
  const string = () => {
    const start = i;
    i += 1;
    for (;;) {
      const c = text[i];
      if (c === undefined) return fail('a string is not closed with "', start);
      if (c === '"') {
        i += 1;
        return;
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('\\u must be followed by four hex digits');
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          fail(`invalid escape \\${next ?? ''} in a string`);
        }
        continue;
      }
      if (c < ' ') fail('a line break or control character inside a string (write it as \\n)');
      i += 1;
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i += 1;
      space();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') unexpected(text[i] === '}' ? 'another property after the comma (remove the trailing comma)' : 'a property name in double quotes');
        string();
        space();
        if (text[i] !== ':') unexpected('":" after the property name');
        i += 1;
        value();
        space();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === '}') {
          i += 1;
          return;
        }
        unexpected('"," or "}" after a property value');
      }
    }
    if (c === '[') {
      i += 1;
      space();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (;;) {
        space();
        if (text[i] === ']') unexpected('another value after the comma (remove the trailing comma)');
        value();
        space();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        if (text[i] === ']') {
          i += 1;
          return;
        }
        unexpected('"," or "]" after a value in a list');
      }
    }
    if (c === '"') return string();
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (c !== undefined && /[-0-9]/.test(c)) {
      const match = number.exec(text);
      if (!match) return fail('not a valid number');
      i += match[0].length;
      return;
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return;
      }
    }
    unexpected('a value (text in double quotes, a number, true, false, null, an object or a list)');
  };
  try {
    value();
    space();
    if (i < text.length) fail(`unexpected ${JSON.stringify(text[i])} after the end of the JSON value`);
    return null;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { offset: error.offset, message: error.message };
    throw error;
  }
}
