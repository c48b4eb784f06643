import type { CrmMapping } from '../../model/crm-mapping';
import starter from './starter';
import tryton from './tryton';

/**
 * Mappings to start from in the options page ("Other CRM" → "Start from a preset"): the user picks one, sets the
 * address of their own installation, checks it with "Test on this tab" and saves. One file per preset.
 */
export const presets: readonly CrmMapping[] = [starter, tryton];
