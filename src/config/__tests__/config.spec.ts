import { ConfigError, loadConfig } from '../config';

describe('loadConfig', () => {
  it('validates HEALTH_DEBOUNCE_MS with the other variables (default 1500 ms)', () => {
    expect(loadConfig({}).HEALTH_DEBOUNCE_MS).toBe(1500);
    expect(loadConfig({ HEALTH_DEBOUNCE_MS: '200' }).HEALTH_DEBOUNCE_MS).toBe(200);
    expect(() => loadConfig({ HEALTH_DEBOUNCE_MS: 'soon' })).toThrow(ConfigError);
    expect(() => loadConfig({ HEALTH_DEBOUNCE_MS: '-1' })).toThrow(
      'Invalid configuration: HEALTH_DEBOUNCE_MS must be an integer between 0 and 86400000 (got "-1")',
    );
  });
});
