import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Page data is never parsed as HTML or code: the project's ESLint configuration forbids every sink that does, in every
 * file that ships (src/ and entrypoints/). Each sink is written into a probe file that does not exist on disk and
 * linted with the real configuration; the sink must be an error there.
 */

// Loading ESLint with typescript-eslint takes seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const ROOT = resolve(__dirname, '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
}, 60_000);

async function problems(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).filter((message) => message.severity === 2).map((message) => message.ruleId ?? message.message);
}

const SINKS: { name: string; code: string; jsx?: boolean }[] = [
  { name: 'innerHTML', code: 'export const f = (el: Element, text: string) => { el.innerHTML = text; };' },
  { name: 'outerHTML', code: 'export const f = (el: Element, text: string) => { el.outerHTML = text; };' },
  { name: 'insertAdjacentHTML', code: "export const f = (el: Element, text: string) => el.insertAdjacentHTML('beforeend', text);" },
  { name: 'dangerouslySetInnerHTML', code: 'export const F = ({ text }: { text: string }) => <div dangerouslySetInnerHTML={{ __html: text }} />;', jsx: true },
  { name: 'eval', code: 'export const f = (text: string) => eval(text);' },
  { name: 'new Function', code: 'export const f = (text: string) => new Function(text);' },
  { name: 'setTimeout with a string', code: "export const f = () => setTimeout('alert(1)', 0);" },
  { name: 'document.write', code: 'export const f = (text: string) => document.write(text);' },
  { name: 'document.writeln', code: 'export const f = (text: string) => document.writeln(text);' },
  { name: 'createContextualFragment', code: 'export const f = (text: string) => document.createRange().createContextualFragment(text);' },
  { name: 'srcdoc', code: 'export const f = (frame: HTMLIFrameElement, text: string) => { frame.srcdoc = text; };' },
  { name: 'setHTMLUnsafe', code: 'export const f = (el: Element, text: string) => (el as any).setHTMLUnsafe(text);' },
];

describe('ESLint forbids parsing page data as HTML or code', () => {
  for (const sink of SINKS) {
    for (const file of sink.jsx ? ['src/ui/popup/Probe.tsx', 'entrypoints/popup/Probe.tsx'] : ['src/content/probe.ts', 'entrypoints/probe.content.ts']) {
      it(`${sink.name} is an error in ${file}`, async () => {
        expect(await problems(sink.code, file), `${sink.name} must be forbidden in eslint.config.js`).not.toEqual([]);
      });
    }
  }

  it('a file that sets textContent lints clean (the probe files are linted for real)', async () => {
    expect(await problems('export const f = (el: Element, text: string) => { el.textContent = text; };', 'src/content/probe.ts')).toEqual([]);
  });
});
