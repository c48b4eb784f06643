import type { CanonicalStage, DealSnapshot, Stage } from '../model/deal';
import type { Settings } from '../model/settings';

/** Words that mark a closed stage in the languages we ship, for stage labels no mapping knows. */
const WON = /\b(won|vundet|gewonnen|gagnée?|ganad[ao]|gewonnen|vunnen|vunnet|voitettu|vinta|ganho)\b/i;
const LOST = /\b(lost|tabt|verloren|perdue?|perdid[ao]|förlorad|tapt|hävitty|persa|perdido)\b/i;

export function mapStage(label: string, ...mappings: (Readonly<Record<string, CanonicalStage>> | undefined)[]): CanonicalStage | null {
  const key = label.trim().toLocaleLowerCase();
  for (const mapping of mappings) {
    // Own keys only: a stage labelled "constructor" must not find Object.prototype's.
    const found = mapping && Object.hasOwn(mapping, key) ? mapping[key] : undefined;
    if (found) return found;
  }
  if (WON.test(key)) return 'won';
  if (LOST.test(key)) return 'lost';
  return null;
}

/** The user's stage mapping wins over the adapter's default; applied by the background, which has the settings. */
export function applyStageMapping(snapshot: DealSnapshot, settings: Settings, defaults?: Readonly<Record<string, CanonicalStage>>): DealSnapshot {
  const stage = snapshot.fields.stage;
  if (stage.state !== 'value') return snapshot;
  // A CRM the user mapped ("Other CRM") carries its own stage mapping, applied when it was read: that one is the more
  // specific, so the shared settings for other CRMs only fill in the stages it leaves unmapped.
  if (snapshot.crm === 'generic' && stage.value.canonical) return snapshot;
  const canonical = mapStage(stage.value.label, settings.stageMapping[snapshot.crm], defaults) ?? stage.value.canonical;
  if (canonical === stage.value.canonical) return snapshot;
  const value: Stage = { ...stage.value, canonical };
  return { ...snapshot, fields: { ...snapshot.fields, stage: { ...stage, value } } };
}
