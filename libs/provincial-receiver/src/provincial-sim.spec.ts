import { Logger } from '@nestjs/common';
import { DEFAULT_DATA_DIR, DEV_SECRET, provincialSimOptionsFromEnv } from './provincial-sim';

describe('provincialSimOptionsFromEnv', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('defaults: port 4100, embedded PGlite in ./data/provincial-sim, schema provincial_sim, no faults', () => {
    const o = provincialSimOptionsFromEnv({ PROVINCIAL_SIM_SECRET: 's' });
    expect(o).toMatchObject({ secret: 's', port: 4100, host: '127.0.0.1', dataDir: DEFAULT_DATA_DIR, schema: 'provincial_sim', databaseUrl: undefined });
    expect(o.faults).toMatchObject({ errorRate: 0, paused: false });
  });

  it('reads the variables', () => {
    const o = provincialSimOptionsFromEnv({
      PROVINCIAL_SIM_SECRET: 's',
      PROVINCIAL_SIM_PORT: '4200',
      PROVINCIAL_SIM_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      PROVINCIAL_SIM_FAULT_PAUSED: '1',
    });
    expect(o).toMatchObject({ port: 4200, databaseUrl: 'postgres://postgres@127.0.0.1:5432/test', faults: { paused: true } });
  });

  it('uses a development secret with a warning outside production, and refuses to start without one in production', () => {
    expect(provincialSimOptionsFromEnv({}).secret).toBe(DEV_SECRET);
    expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining('PROVINCIAL_SIM_SECRET'));
    expect(() => provincialSimOptionsFromEnv({ NODE_ENV: 'production' })).toThrow('PROVINCIAL_SIM_SECRET is required');
  });

  it.each([['PROVINCIAL_SIM_PORT', '70000'], ['PROVINCIAL_SIM_PORT', 'http'], ['PROVINCIAL_SIM_FAULT_429_RATE', '-0.1']])(
    'names %s when its value %s is wrong',
    (name, value) => {
      expect(() => provincialSimOptionsFromEnv({ PROVINCIAL_SIM_SECRET: 's', [name]: value })).toThrow(name);
    },
  );
});
