/**
 * Which characters free text may hold. Control characters break CSV exports, logs and terminals (and NUL
 * cannot be stored in PostgreSQL text), so names, keys and labels allow none; multi-line text (comments,
 * notes, reasons) keeps tab, line feed and carriage return.
 */

/** Not blank: at least one character that is not white space. */
export const NOT_BLANK_RE = /\S/;

/** A single-line value (name, external id, tag, topic, title): no control character at all. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
export const SINGLE_LINE_RE = /^[^\u0000-\u001f\u007f]*$/;

/** Multi-line free text (comment, note, reason): no control character except tab, LF and CR. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this rejects
export const MULTI_LINE_TEXT_RE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** Does a single-line value contain a control character? */
export const hasControlChar = (s: string): boolean => !SINGLE_LINE_RE.test(s);

/** Does multi-line text contain a control character other than tab, LF and CR? */
export const hasTextControlChar = (s: string): boolean => !MULTI_LINE_TEXT_RE.test(s);
