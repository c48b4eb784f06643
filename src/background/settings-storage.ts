import { browser } from 'wxt/browser';
import { defaultSettings, loadSettings, type Settings } from '../model/settings';

export const SETTINGS_KEY = 'settings';

/** Settings from storage.sync; stored settings that fail validation are reported and the defaults used, never overwritten. */
export async function readSettings(area = browser.storage.sync): Promise<Settings> {
  const stored = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
  const loaded = loadSettings(stored);
  if (loaded.ok) return loaded.settings;
  console.warn(`[Deal Hygiene] stored settings are invalid, using defaults: ${loaded.errors.join('; ')}`);
  return defaultSettings();
}
