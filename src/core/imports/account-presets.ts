import { AccountMapping, parseMapping } from './account-mapping';

/**
 * Shipped mappings for CRM exports, by their standard column names. Fields a CRM has no standard column for
 * (a segment, MRR) are left out: add them with `--map` (a preset is a starting point, docs/connectors.md).
 */
const PRESETS = {
  /** HubSpot → Contacts & companies → Companies → Export (all properties): its column labels. */
  hubspot: {
    externalId: ['Record ID', 'Company ID'],
    name: ['Company name', 'Name'],
    industry: 'Industry',
    customerSince: { column: ['Became a Customer Date'], date: 'YMD' },
  },
  /** Salesforce Accounts: a report export (labels) or a Data Loader export (API names). */
  salesforce: {
    externalId: ['Account ID', 'Id'],
    name: ['Account Name', 'Name'],
    industry: 'Industry',
  },
} as const;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export function preset(name: string): AccountMapping | null {
  return name in PRESETS ? parseMapping(PRESETS[name as PresetName]) : null;
}
