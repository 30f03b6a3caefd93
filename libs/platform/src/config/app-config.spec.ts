import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', logLevel: 'info', databaseUrl: undefined });
    expect(c.dataDir).toMatch(/\.data$/);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['LOG_LEVEL', 'loud'],
    ['ADMIN_API_KEY', 'short'],
    ['DB_POOL_SIZE', '0'],
    ['BANK_RETRY_DELAY_MS', '5'],
    ['BANK_SIMULATOR_SCRIPT', 'settled,CBC.1'],
    ['BANK_SIMULATOR_SCRIPT', 'CBCx99007262'],
  ])('refuses %s=%s with a message naming the setting', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`${name}=`);
  });

  it('reads the bank settings: retry delay (default 30 s) and the simulated bank script', () => {
    expect(loadConfig({})).toMatchObject({ bankRetryDelayMs: 30_000, bankSimulatorScript: [] });
    expect(
      loadConfig({ BANK_RETRY_DELAY_MS: '250', BANK_SIMULATOR_SCRIPT: 'CBC.99007262,hang-after-settle' }),
    ).toMatchObject({ bankRetryDelayMs: 250, bankSimulatorScript: ['CBC.99007262', 'hang-after-settle'] });
  });

  it('reports every wrong setting at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT=.*\n.*LOG_LEVEL=|LOG_LEVEL=.*\n.*PORT=/s);
  });
});
