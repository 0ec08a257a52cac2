import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/** At least this many characters (NIST SP 800-63B asks for ≥ 8; people pick longer passphrases when asked for 12). */
export const PASSWORD_MIN_LENGTH = 12;
/** Long enough for any passphrase or password-manager output; bounds the work a hash may be asked to do. */
export const PASSWORD_MAX_LENGTH = 256;
/** zxcvbn's guessability score 0–4; 3 = "safely unguessable: moderate protection from offline slow-hash attacks". */
export const PASSWORD_MIN_SCORE = 3;

export interface PasswordVerdict {
  ok: boolean;
  /** Why not, in a sentence meant for the person choosing it. */
  message?: string;
}

let estimator: ZxcvbnFactory | null = null;

/** Built on first use: loading the dictionaries takes about half a second. */
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return estimator;
}

/**
 * Checks a new password: length bounds, then zxcvbn's estimate against common passwords, English words, keyboard
 * patterns, dates and the person's own details (`userInputs`: email, name, the product's name).
 */
export function checkPassword(password: string, userInputs: readonly string[] = []): PasswordVerdict {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH)
    return { ok: false, message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` };
  if (length > PASSWORD_MAX_LENGTH)
    return { ok: false, message: `must be at most ${PASSWORD_MAX_LENGTH} characters long` };
  if (!password.trim()) return { ok: false, message: 'must not be only spaces' };
  const inputs = ['vitals', ...userInputs.flatMap(personalWords)];
  const result = zxcvbn().check(password, inputs);
  if (result.score >= PASSWORD_MIN_SCORE) return { ok: true };
  const reason = result.feedback.warning ?? result.feedback.suggestions[0] ?? null;
  const advice = 'a few unrelated words make a strong one';
  return {
    ok: false,
    message: `is too easy to guess${reason ? ` (${trimStop(reason)})` : ''}; ${advice}`,
  };
}

/** An email or a name as the words a guesser would try: the whole, its parts and the local part of the address. */
function personalWords(value: string): string[] {
  const v = value.trim().toLowerCase();
  if (!v) return [];
  return [v, ...v.split(/[\s@.+_-]+/).filter((w) => w.length >= 3)];
}

function trimStop(s: string): string {
  return s.replace(/\.\s*$/, '').replace(/^./, (c) => c.toLowerCase());
}
