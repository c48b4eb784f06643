import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import type { ReactNode } from 'react';
import { OptionsPage } from '../../../../src/ui/options/OptionsPage';
import { createOptionsSource } from '../../../../src/ui/options/source';
import { readSettings, SETTINGS_KEY } from '../../../../src/background/settings-storage';
import { createTranslator, lookupFromFile } from '../../../../src/i18n/translate';
import en from '../../../../public/_locales/en/messages.json';
import da from '../../../../public/_locales/da/messages.json';

export const tEn = createTranslator(lookupFromFile(en), 'en');
export const tDa = createTranslator(lookupFromFile(da), 'da');
export const NOW = new Date('2026-05-12T09:00:00Z');

export interface RenderOptions {
  /** Stored in sync storage before the page opens (raw, as a stored `settings` item). */
  stored?: unknown;
  locale?: 'en' | 'da';
  otherCrm?: ReactNode;
  privacy?: ReactNode;
}

/**
 * The options page over the fake browser's real sync storage (through the real source and settings-storage), so a
 * test can check what a save actually stored. Downloads are caught instead of started.
 */
export async function renderOptions({ stored, locale = 'en', otherCrm, privacy }: RenderOptions = {}) {
  if (stored !== undefined) await fakeBrowser.storage.sync.set({ [SETTINGS_KEY]: stored });
  const source = createOptionsSource(fakeBrowser as unknown as WxtBrowser);
  const downloads: { fileName: string; text: string }[] = [];
  vi.spyOn(source, 'download').mockImplementation((fileName, text) => void downloads.push({ fileName, text }));
  const user = userEvent.setup();
  const t = locale === 'da' ? tDa : tEn;
  const view = render(
    <OptionsPage
      t={t}
      locale={locale}
      source={source}
      now={() => NOW}
      timeZones={['UTC', 'Europe/Copenhagen', 'America/New_York']}
      browserTimeZone="Europe/Copenhagen"
      defaultCurrency={locale === 'da' ? 'DKK' : 'EUR'}
      otherCrm={otherCrm}
      privacy={privacy}
    />,
  );
  await screen.findByRole('heading', { level: 1 });
  return { user, source, downloads, view };
}

/** The settings as stored now (what the background would read). */
export const storedSettings = () => readSettings();

export const saveButton = () => screen.getByRole('button', { name: /^(Save|Gem)$/ });
