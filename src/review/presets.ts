/**
 * Saved column mappings for CSV imports ("our Salesforce pipeline report"), kept in browser.storage.local and
 * validated on every read: a stored list that was damaged or written by a newer version keeps its valid presets.
 */
import { z } from 'zod';
import { IMPORT_FIELDS, normaliseHeader, PRESET_IDS, type ImportField } from '../import/presets';
import { formatIssues } from '../model/settings';

export const MAPPING_PRESETS_KEY = 'review.importPresets';
export const MAX_MAPPING_PRESETS = 50;

export const importPresetIdSchema = z.enum([...PRESET_IDS, 'generic']);
export type ImportPresetId = z.infer<typeof importPresetIdSchema>;

export const mappingPresetSchema = z.object({
  name: z.string().trim().min(1).max(80),
  /** The CSV layout it starts from; decides the CRM the imported deals belong to. */
  preset: importPresetIdSchema,
  /** Every field → the column it is read from; '' reads nothing for the field. */
  mapping: z.partialRecord(z.enum(IMPORT_FIELDS), z.string().max(500)),
  /** The locale the export writes dates and amounts in (BCP 47). */
  locale: z.string().min(2).max(35).refine((tag) => {
    try {
      return Intl.getCanonicalLocales(tag).length === 1;
    } catch {
      return false;
    }
  }, 'expected a language tag such as en-US or da-DK'),
  /** ISO currency for amounts the export does not give one. */
  defaultCurrency: z.string().regex(/^[A-Z]{3}$/, 'expected a three-letter ISO currency code such as EUR').optional(),
  savedAt: z.iso.datetime({ offset: true }),
});
export type MappingPreset = z.infer<typeof mappingPresetSchema>;

export interface PresetsLoad {
  presets: MappingPreset[];
  /** Why stored entries were dropped, each with its path ("2.locale: …"). */
  errors: string[];
}

/** Reads stored presets; each invalid entry is dropped and reported, the valid ones kept. Nothing stored → none. */
export function readMappingPresets(input: unknown): PresetsLoad {
  if (input === undefined || input === null) return { presets: [], errors: [] };
  if (!Array.isArray(input)) return { presets: [], errors: ['(root): expected a list of presets'] };
  const presets: MappingPreset[] = [];
  const errors: string[] = [];
  input.slice(0, MAX_MAPPING_PRESETS).forEach((entry, index) => {
    const parsed = mappingPresetSchema.safeParse(entry);
    if (parsed.success) presets.push(parsed.data);
    else errors.push(...formatIssues(parsed.error.issues, `${index}`));
  });
  return { presets, errors };
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** Adds a preset, replacing one of the same name (ignoring case); newest first, at most MAX_MAPPING_PRESETS. */
export function upsertMappingPreset(presets: readonly MappingPreset[], preset: MappingPreset): MappingPreset[] {
  const valid = mappingPresetSchema.parse(preset);
  return [valid, ...presets.filter((existing) => !sameName(existing.name, valid.name))].slice(0, MAX_MAPPING_PRESETS);
}

export function removeMappingPreset(presets: readonly MappingPreset[], name: string): MappingPreset[] {
  return presets.filter((existing) => !sameName(existing.name, name));
}

/** Whether every column the preset reads from is in the file's header (a preset fits the file). */
export function presetFitsHeader(preset: MappingPreset, header: readonly string[]): boolean {
  const present = new Set(header.map(normaliseHeader));
  const used = Object.values(preset.mapping).filter((column): column is string => Boolean(column && column.trim()));
  return used.length > 0 && used.every((column) => present.has(normaliseHeader(column)));
}

/** The saved preset to propose for a file: the most recently saved one that fits its header. */
export function presetForHeader(presets: readonly MappingPreset[], header: readonly string[]): MappingPreset | null {
  return presets.find((preset) => presetFitsHeader(preset, header)) ?? null;
}

export type ColumnMapping = Record<ImportField, string>;
