import type { WxtBrowser } from 'wxt/browser';
import type { Settings } from '../../model/settings';
import { readStoredSettings, SETTINGS_KEY, writeSettings, type StoredSettings } from '../../background/settings-storage';

/** Top-level parts of the settings this page edits; others (privacy) belong to other sections and are never written here. */
export const EDITED_SECTIONS = ['rules', 'stageMapping', 'qualification', 'quotas', 'timeZone'] as const;
export type EditedSection = (typeof EDITED_SECTIONS)[number];

/** What the options page needs from the browser; tests pass a fake. */
export interface OptionsSource {
  load(): Promise<StoredSettings>;
  /**
   * Writes the `sections` of `draft` over the settings stored now (not the ones loaded when the page opened: a section
   * another device or page changed meanwhile, and this page did not, is kept). Returns what was stored. Throws a
   * SettingsWriteError when the settings do not fit sync storage; the stored settings are then unchanged.
   */
  save(draft: Settings, sections: readonly EditedSection[]): Promise<Settings>;
  /** Calls back when the stored settings change elsewhere; returns an unsubscribe function. */
  subscribe(onChange: () => void): () => void;
  /** Offers `text` as a file download. */
  download(fileName: string, text: string, type?: string): void;
}

/** `draft`'s edited sections laid over `stored`. */
export function mergeSections(stored: Settings, draft: Settings, sections: readonly EditedSection[]): Settings {
  const next: Record<string, unknown> = { ...stored };
  for (const section of sections) {
    if (draft[section] === undefined) delete next[section];
    else next[section] = draft[section];
  }
  return next as Settings;
}

export function createOptionsSource(browser: WxtBrowser, doc: Document = document): OptionsSource {
  const area = browser.storage.sync;
  return {
    load: () => readStoredSettings(area),
    async save(draft, sections) {
      const { settings: stored, errors } = await readStoredSettings(area);
      // Stored settings that cannot be read are replaced as a whole by what the page shows (it showed the defaults).
      return writeSettings(errors.length ? draft : mergeSections(stored, draft, sections), area);
    },
    subscribe(onChange) {
      const listener = (changes: Record<string, unknown>, areaName: string) => {
        if (areaName === 'sync' && Object.keys(changes).some((key) => key === SETTINGS_KEY || key.startsWith(`${SETTINGS_KEY}.`))) onChange();
      };
      browser.storage.onChanged.addListener(listener);
      return () => browser.storage.onChanged.removeListener(listener);
    },
    download(fileName, text, type = 'application/json') {
      const url = URL.createObjectURL(new Blob([text], { type }));
      const link = doc.createElement('a');
      link.href = url;
      link.download = fileName;
      link.rel = 'noopener';
      doc.body.append(link);
      link.click();
      link.remove();
      // The download has its own copy once it starts; revoke a moment later, not at once (Firefox needs the URL a tick longer).
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    },
  };
}
