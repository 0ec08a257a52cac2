import { MAX_PROPERTIES_BYTES, SIGNAL_TYPE_RE } from '../signals/validate';
import type { SegmentMessage } from './segment-message';

/**
 * Event name → signal type. A source's own table (editable over GraphQL) wins over the defaults below; any
 * other event becomes a custom type named after the event. Names are matched by their key: lower case, every
 * run of other characters than a–z and 0–9 one `_` ("Signed In", "signed_in" and "SIGNED-IN" are one event).
 */
export interface EventMapping {
  /** The event name as the sender spells it (shown back); matched by eventKey(eventName). */
  eventName: string;
  signalType: string;
  /** Property holding the feature of a feature_used signal (default `feature`). */
  featureProperty?: string | null;
  /** A fixed feature for every event of this name (instead of featureProperty). */
  feature?: string | null;
  /** Property holding the signal's quantity (e.g. a seat count); default 1. */
  quantityProperty?: string | null;
}

export const DEFAULT_EVENT_MAPPINGS: readonly EventMapping[] = [
  ...['Signed In', 'Logged In', 'User Signed In', 'User Logged In', 'Login', 'Log In', 'Sign In'].map((eventName) => ({
    eventName,
    signalType: 'login',
  })),
  { eventName: 'Feature Used', signalType: 'feature_used', featureProperty: 'feature' },
  ...['Ticket Created', 'Ticket Opened', 'Ticket Submitted', 'Support Ticket Created'].map((eventName) => ({
    eventName,
    signalType: 'support_ticket',
  })),
  { eventName: 'Email Opened', signalType: 'email_opened' },
  { eventName: 'Email Ignored', signalType: 'email_ignored' },
  { eventName: 'Payment Failed', signalType: 'payment_failed' },
  { eventName: 'Invoice Payment Failed', signalType: 'payment_failed' },
  { eventName: 'Seats Updated', signalType: 'seats', quantityProperty: 'seats' },
];

/** page and screen calls are page views. */
export const PAGE_VIEW_TYPE = 'page_view';

/** The key an event name is matched by. */
export function eventKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The custom signal type of an unmapped event: its key, made a valid type (`^[a-z][a-z0-9_.]{0,63}$`). */
export function customSignalType(name: string): string {
  let key = eventKey(name);
  if (key === '') {
    // No latin letter or digit at all (e.g. "注文"): a stable name from the event's text.
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    key = `event_${(h >>> 0).toString(16).padStart(8, '0')}`;
  }
  if (!/^[a-z]/.test(key)) key = `e_${key}`;
  return key.slice(0, 64).replace(/_+$/, '');
}

/** The effective table of a source: its own rows over the defaults, by key. */
export function effectiveMappings(own: readonly EventMapping[]): Map<string, EventMapping & { isDefault: boolean }> {
  const table = new Map<string, EventMapping & { isDefault: boolean }>();
  for (const m of DEFAULT_EVENT_MAPPINGS) table.set(eventKey(m.eventName), { ...m, isDefault: true });
  for (const m of own) table.set(eventKey(m.eventName), { ...m, isDefault: false });
  return table;
}

/** Checks a mapping a user edits; returns the problem or null. */
export function mappingProblem(m: EventMapping): string | null {
  if (eventKey(m.eventName) === '') return 'eventName: must contain a letter or digit';
  if (!SIGNAL_TYPE_RE.test(m.signalType)) return 'signalType: must match ^[a-z][a-z0-9_.]{0,63}$';
  if (m.feature && m.featureProperty) return 'give feature or featureProperty, not both';
  if ((m.feature || m.featureProperty) && m.signalType !== 'feature_used')
    return 'feature and featureProperty apply to signalType feature_used only';
  return null;
}

/** The signal a track/page/screen becomes (before validation by the signal store), or why it cannot. */
export interface MappedSignal {
  type: string;
  properties: Record<string, unknown>;
  quantity: number;
  /** Properties were over the signal limit (4 KB) and cut to what the mapping needs. */
  truncated: boolean;
}

const readPath = (obj: Record<string, unknown>, key: string): unknown => obj[key];

/** Properties kept when the whole set is over the 4 KB a signal may carry: what later stages read. */
const ESSENTIAL = ['feature', 'sentiment', 'name', 'category', 'screen'];

export function mapMessage(
  m: SegmentMessage,
  table: Map<string, EventMapping & { isDefault: boolean }>,
): MappedSignal | { reason: string } {
  let type: string;
  let properties: Record<string, unknown>;
  let quantity = 1;
  if (m.type === 'page' || m.type === 'screen') {
    type = PAGE_VIEW_TYPE;
    properties = { ...m.properties };
    if (m.name !== null) properties.name = m.name;
    if (m.category !== null) properties.category = m.category;
    if (m.type === 'screen') properties.screen = true;
  } else {
    const rule = table.get(eventKey(m.event!));
    properties = { ...m.properties };
    if (!rule) {
      type = customSignalType(m.event!);
    } else {
      type = rule.signalType;
      if (type === 'feature_used') {
        const feature =
          rule.feature ??
          (rule.featureProperty
            ? readPath(m.properties, rule.featureProperty)
            : (m.properties.feature ?? m.properties.featureName ?? m.properties.feature_name ?? m.properties.name));
        if (typeof feature !== 'string' || feature.trim() === '')
          return {
            reason: `"${m.event}" maps to feature_used but has no feature (properties.${rule.featureProperty ?? 'feature'})`,
          };
        properties.feature = feature.trim();
      }
      if (rule.quantityProperty) {
        const q = readPath(m.properties, rule.quantityProperty);
        if (typeof q !== 'number' || !Number.isFinite(q))
          return { reason: `"${m.event}" needs a number in properties.${rule.quantityProperty}` };
        quantity = q;
      }
    }
  }
  let truncated = false;
  if (Buffer.byteLength(JSON.stringify(properties), 'utf8') > MAX_PROPERTIES_BYTES) {
    const kept: Record<string, unknown> = { _truncated: true };
    for (const k of ESSENTIAL)
      if (typeof properties[k] === 'string' || typeof properties[k] === 'boolean') kept[k] = properties[k];
    for (const [k, v] of Object.entries(kept)) if (typeof v === 'string') kept[k] = v.slice(0, 200);
    properties = kept;
    truncated = true;
  }
  return { type, properties, quantity, truncated };
}
