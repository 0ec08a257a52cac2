import { checkPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-policy';

describe('checkPassword', () => {
  it('refuses passwords shorter than the minimum, counting characters not UTF-16 units', () => {
    expect(checkPassword('Xq7!pz2#Lm9')).toEqual({ ok: false, message: 'must be at least 12 characters long' });
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    // 11 emoji are 22 UTF-16 units but 11 characters.
    expect(checkPassword('🦊🐙🦉🐳🦋🐝🦀🐢🦩🐧🦔').ok).toBe(false);
  });

  it('refuses passwords longer than the maximum', () => {
    const long = 'kite-lemon-harbor-'.repeat(20);
    expect(long.length).toBeGreaterThan(PASSWORD_MAX_LENGTH);
    expect(checkPassword(long)).toEqual({ ok: false, message: 'must be at most 256 characters long' });
  });

  it('refuses common passwords and keyboard patterns, saying why', () => {
    const common = checkPassword('password1234');
    expect(common.ok).toBe(false);
    expect(common.message).toMatch(/^is too easy to guess \(this is similar to a commonly used password\)/);
    expect(checkPassword('qwertyuiop123').ok).toBe(false);
    expect(checkPassword('            ').ok).toBe(false);
  });

  it("refuses a password built from the person's own email or name, which would pass for someone else", () => {
    const zenobia = ['zenobia.quartz@example.com', 'Zenobia Quartz'];
    for (const password of ['quartzzenobia', 'zenobia.quartz@example.com']) {
      const verdict = checkPassword(password, zenobia);
      expect(verdict.ok).toBe(false);
      expect(verdict.message).toContain('personal');
      expect(checkPassword(password, ['bob@example.com'])).toEqual({ ok: true });
    }
  });

  it('accepts a passphrase of unrelated words', () => {
    expect(checkPassword('kite-lemon-harbor-77')).toEqual({ ok: true });
    expect(checkPassword('correct horse battery staple')).toEqual({ ok: true });
  });
});
