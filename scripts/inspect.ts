/**
 * `npm run inspect -- <saved-page.html> --url <page url> [--now YYYY-MM-DD] [--settings settings.json] [--mapping <preset id | mapping.json>]`
 *
 * Reads a saved CRM page with the same adapters and engine as the extension and prints the snapshot(s) read and
 * their verdicts as JSON: for checking a page against what the extension sees, and for bug reports. The URL picks
 * the adapter. A page it cannot read (no adapter for the URL, or nothing readable on it) exits with code 1 and says
 * why; usage errors exit with 2.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Window } from 'happy-dom';
import { adapterFor } from '../src/adapters';
import { genericAdapter } from '../src/adapters/generic';
import { presets } from '../src/adapters/presets';
import { importCrmMapping, parseCrmMapping, type CrmMapping } from '../src/model/crm-mapping';
import { applyStageMapping } from '../src/adapters/stage-mapping';
import { runRules } from '../src/engine/run';
import { findingText } from '../src/i18n/finding';
import { createTranslator, lookupFromFile, type MessagesFile } from '../src/i18n/translate';
import { FIELD_NAMES } from '../src/model/deal';
import { defaultSettings, loadSettings } from '../src/model/settings';

const USAGE = 'usage: npm run inspect -- <saved-page.html> --url <page url> [--now YYYY-MM-DD] [--settings settings.json] [--mapping <preset id | mapping.json>]';

export class InspectError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Declarative shadow roots in a saved page become real ones, as the browser's parser makes them. */
function attachShadowRoots(root: ParentNode): void {
  for (const template of Array.from(root.querySelectorAll('template[shadowrootmode]'))) {
    const host = template.parentElement;
    if (!host || host.shadowRoot) continue;
    const shadow = host.attachShadow({ mode: template.getAttribute('shadowrootmode') === 'closed' ? 'closed' : 'open' });
    shadow.append((template as HTMLTemplateElement).content.cloneNode(true));
    template.remove();
    attachShadowRoots(shadow);
  }
}

/**
 * `--mapping`: a preset's id (src/adapters/presets) or a mapping file exported from the options page ("Other CRM").
 * The saved page is read at the address `--url` gives, whatever addresses the mapping matches on the user's machine.
 */
function mappingFor(arg: string, url: URL): CrmMapping {
  let mapping = presets.find((preset) => preset.id === arg);
  if (!mapping) {
    let text: string;
    try {
      text = readFileSync(arg, 'utf8');
    } catch {
      throw new InspectError(2, `--mapping ${arg} is neither a preset (${presets.map((preset) => preset.id).join(', ')}) nor a readable file`);
    }
    const file = importCrmMapping(text);
    const checked = file.ok ? file : parseCrmMapping(safeJson(text));
    if (!checked.ok) throw new InspectError(1, `mapping ${arg} is not valid:\n${checked.errors.map((e) => `  ${e}`).join('\n')}`);
    mapping = checked.mapping;
  }
  return { ...mapping, matches: [`${url.protocol}//${url.hostname}/*`] };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function inspect(argv: string[]): unknown {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { url: { type: 'string' }, now: { type: 'string' }, settings: { type: 'string' }, mapping: { type: 'string' } } });
  } catch (error) {
    throw new InspectError(2, `${(error as Error).message}\n${USAGE}`);
  }
  const [file] = parsed.positionals;
  const { url: urlText, now: nowText, settings: settingsPath, mapping: mappingArg } = parsed.values;
  if (!file || !urlText) throw new InspectError(2, USAGE);
  let url: URL;
  try {
    url = new URL(urlText);
  } catch {
    throw new InspectError(2, `--url is not a URL: ${urlText}`);
  }
  if (nowText !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(nowText)) throw new InspectError(2, `--now must be YYYY-MM-DD, not ${nowText}`);
  const now = nowText ? new Date(`${nowText}T12:00:00Z`) : new Date();

  let settings = defaultSettings();
  if (settingsPath) {
    const loaded = loadSettings(JSON.parse(readFileSync(settingsPath, 'utf8')));
    if (!loaded.ok) throw new InspectError(1, `settings ${settingsPath} are not valid:\n${loaded.errors.map((e) => `  ${e}`).join('\n')}`);
    settings = loaded.settings;
  }

  const match = mappingArg === undefined ? adapterFor(url) : adapterFor(url, [genericAdapter(mappingFor(mappingArg, url))]);
  if (!match) {
    throw new InspectError(
      1,
      mappingArg === undefined
        ? `No adapter reads ${url.href}: it is not a deal record, list or board URL of a supported CRM (for another CRM, pass --mapping).`
        : `The mapping ${mappingArg} finds no record id in ${url.href}: check its record-id pattern.`,
    );
  }

  let html: string;
  try {
    html = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InspectError(1, `Cannot read ${file}: ${(error as Error).message}`);
  }
  // Scripts never run and stylesheets are not fetched: the page is data.
  const window = new Window({ url: url.href, settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } });
  const doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
  attachShadowRoots(doc);
  const result = match.adapter.read(doc, url, { now });
  const readable = result.snapshots.filter((snapshot) => FIELD_NAMES.some((field) => snapshot.fields[field].state !== 'unknown'));
  if (!readable.length) {
    const reasons = result.snapshots[0]
      ? FIELD_NAMES.map((field) => {
          const value = result.snapshots[0]!.fields[field];
          return value.state === 'unknown' ? `  ${field}: ${value.reason}` : null;
        }).filter(Boolean)
      : ['  no deal found on the page'];
    throw new InspectError(1, `Nothing readable on ${file} as a ${match.adapter.name} ${match.detection.kind} page:\n${reasons.join('\n')}`);
  }

  const t = createTranslator(lookupFromFile(JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'public', '_locales', 'en', 'messages.json'), 'utf8')) as MessagesFile), 'en');
  const deals = readable.map((raw) => {
    const snapshot = applyStageMapping(raw, settings, match.adapter.defaultStageMapping);
    const { verdict } = runRules({ snapshot, settings, now });
    return {
      snapshot,
      verdict: { ...verdict, findings: verdict.findings.map((finding) => ({ ...finding, message: findingText(t, finding) })) },
    };
  });
  return {
    adapter: match.adapter.id,
    pageKind: match.detection.kind,
    ...(result.total === undefined ? {} : { total: result.total }),
    now: now.toISOString(),
    deals,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.stdout.write(`${JSON.stringify(inspect(process.argv.slice(2)), null, 2)}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(error instanceof InspectError ? error.exitCode : 1);
  }
}
