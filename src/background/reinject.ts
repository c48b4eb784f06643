/**
 * After an install or update, the CRM tabs already open get the content script without being reloaded.
 *
 * Chrome runs a manifest's content scripts only on pages loaded after the extension (re)started: on update, the old
 * scripts in open tabs lose their extension context and stop (src/content/claim-page.ts, location-watch.ts), and the
 * tabs would show nothing until the rep reloads them. So on `runtime.onInstalled` (install, update) the background
 * injects every content script of the manifest into the open tabs its patterns match, and likewise the scripts
 * registered at run time for the user's own CRMs (src/background/custom-crms.ts). Read from the manifest (one script
 * per built-in CRM, each on its own sites) and the registrations (the custom CRMs' script), not named here. A tab can
 * get a built-in script and the custom script both, where a user's mapping covers a built-in CRM's site: the custom
 * script then leaves the built-in's pages to it (src/content/claim-page.ts).
 *
 * Injection needs host access to the tab (MV3 `host_permissions`, derived from the content scripts in wxt.config.ts;
 * a user-added CRM's host is granted before its script is registered). A tab that refuses (discarded, closing, a site
 * the user withheld access from) is skipped: it gets the script when it next loads. Firefox injects manifest content
 * scripts into open tabs by itself, so the background does not call this there.
 */
import { matchesPattern } from '../model/crm-mapping';

/** A manifest `content_scripts` entry, as far as injection goes. */
interface ManifestContentScript {
  matches?: string[];
  exclude_matches?: string[];
  js?: string[];
  css?: string[];
  all_frames?: boolean;
  world?: string;
}

/** A script registered with `scripting.registerContentScripts`. */
interface RegisteredContentScript {
  id: string;
  matches?: string[];
  excludeMatches?: string[];
  js?: string[];
  css?: string[];
  allFrames?: boolean;
  world?: string;
}

interface Tab {
  id?: number;
  url?: string;
  discarded?: boolean;
}

type Target = { tabId: number; allFrames?: boolean };

/** The parts of the extension API used here (the real `browser`, or a fake in tests). */
export interface ReinjectBrowser {
  runtime: { getManifest(): { content_scripts?: ManifestContentScript[] } };
  tabs: { query(query: { url: string[] }): Promise<Tab[]> };
  scripting?: {
    executeScript(injection: { target: Target; files: string[]; world?: string }): Promise<unknown>;
    insertCSS?(injection: { target: Target; files: string[] }): Promise<unknown>;
    getRegisteredContentScripts?(): Promise<RegisteredContentScript[]>;
  };
}

/** One script to bring into open tabs: where it runs and its files. */
interface ScriptGroup {
  source: string;
  matches: string[];
  excludeMatches: string[];
  js: string[];
  css: string[];
  allFrames: boolean;
  world?: string;
}

export interface ReinjectReport {
  /** "tab id: files" for each injection made. */
  injected: string[];
  errors: string[];
}

export interface ReinjectOptions {
  /**
   * Resolves once the run-time registrations are in place. Chrome drops them on update and the custom-CRM sync
   * registers them again on the same `onInstalled`; listing them before it has would miss them.
   */
  registrationsSettled?: () => Promise<unknown>;
}

const fromManifest = (script: ManifestContentScript, index: number): ScriptGroup => ({
  source: `manifest content script ${index + 1}`,
  matches: script.matches ?? [],
  excludeMatches: script.exclude_matches ?? [],
  js: script.js ?? [],
  css: script.css ?? [],
  allFrames: script.all_frames ?? false,
  ...(script.world ? { world: script.world } : {}),
});

const fromRegistration = (script: RegisteredContentScript): ScriptGroup => ({
  source: `registered content script ${script.id}`,
  matches: script.matches ?? [],
  excludeMatches: script.excludeMatches ?? [],
  js: script.js ?? [],
  css: script.css ?? [],
  allFrames: script.allFrames ?? false,
  ...(script.world ? { world: script.world } : {}),
});

function excluded(group: ScriptGroup, url: string | undefined): boolean {
  if (!group.excludeMatches.length || !url) return false;
  try {
    const parsed = new URL(url);
    return group.excludeMatches.some((pattern) => matchesPattern(pattern, parsed));
  } catch {
    return false;
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Injects every content script (manifest and registered) into the open tabs it matches. Never throws. */
export async function injectIntoOpenTabs(api: ReinjectBrowser, options: ReinjectOptions = {}): Promise<ReinjectReport> {
  const report: ReinjectReport = { injected: [], errors: [] };
  const scripting = api.scripting;
  if (!scripting?.executeScript) {
    report.errors.push('this browser cannot inject scripts; open CRM tabs are read once reloaded');
    return report;
  }
  const groups: ScriptGroup[] = [];
  try {
    groups.push(...(api.runtime.getManifest().content_scripts ?? []).map(fromManifest));
  } catch (error) {
    report.errors.push(`the manifest could not be read: ${messageOf(error)}`);
  }
  if (scripting.getRegisteredContentScripts) {
    try {
      await options.registrationsSettled?.();
    } catch {
      // the sync reports its own errors; inject what is registered
    }
    try {
      groups.push(...(await scripting.getRegisteredContentScripts()).map(fromRegistration));
    } catch (error) {
      report.errors.push(`registered scripts could not be listed: ${messageOf(error)}`);
    }
  }

  // A tab matched by two entries with the same files gets them once.
  const done = new Set<string>();
  await Promise.all(
    groups.map(async (group) => {
      if (!group.matches.length || (!group.js.length && !group.css.length)) return;
      let tabs: Tab[];
      try {
        tabs = await api.tabs.query({ url: group.matches });
      } catch (error) {
        report.errors.push(`${group.source}: open tabs could not be listed: ${messageOf(error)}`);
        return;
      }
      for (const tab of tabs) {
        // A discarded tab loads its page again when shown, and the browser runs the scripts then.
        if (tab.id === undefined || tab.discarded || excluded(group, tab.url)) continue;
        const files = [...group.js, ...group.css].join(', ');
        const key = `${tab.id}|${group.allFrames}|${group.world ?? ''}|${files}`;
        if (done.has(key)) continue;
        done.add(key);
        const target: Target = group.allFrames ? { tabId: tab.id, allFrames: true } : { tabId: tab.id };
        try {
          if (group.css.length && scripting.insertCSS) await scripting.insertCSS({ target, files: group.css });
          if (group.js.length) await scripting.executeScript({ target, files: group.js, ...(group.world ? { world: group.world } : {}) });
          report.injected.push(`${tab.id}: ${files}`);
        } catch (error) {
          report.errors.push(`${group.source}: tab ${tab.id} refused the script: ${messageOf(error)}`);
        }
      }
    }),
  );
  return report;
}

/**
 * The `runtime.onInstalled` listener: on install and on update, the open CRM tabs get the content scripts. Not on a
 * browser update (the extension's scripts did not change) nor a shared module's.
 */
export function reinjectOnInstalled(api: ReinjectBrowser, log: (message: string) => void, options: ReinjectOptions = {}): (details: { reason: string }) => Promise<void> {
  return async ({ reason }) => {
    if (reason !== 'install' && reason !== 'update') return;
    const report = await injectIntoOpenTabs(api, options);
    for (const error of report.errors) log(`open tabs: ${error}`);
  };
}

/** The extension API as this module uses it (WXT types `executeScript` with overloads this narrow interface avoids). */
export function reinjectPlatform(browser: unknown): ReinjectBrowser {
  return browser as ReinjectBrowser;
}
