import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentWithDotenv, loadConfig } from '../../core/config.js';
import { AppError, ConfigError } from '../../core/errors.js';

describe('loadConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.storage.mongodbUri).toBeUndefined();
    expect(config.storage.dataDir).toBe('./.data');
    expect(config.server.port).toBe(3978);
    expect(config.nlu.encoder).toBe('use-lite');
    expect(config.recommender.backend).toBe('auto');
  });

  it('is frozen all the way down', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.storage)).toBe(true);
    expect(() => {
      (config.server as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ MONGODB_URI: '', NLU_ENCODER_MODEL: '  ' });
    expect(config.storage.mongodbUri).toBeUndefined();
    expect(config.nlu.encoderModel).toBeUndefined();
  });

  it('coerces and validates numbers and booleans', () => {
    const config = loadConfig({ PORT: '8080', DEMO_DATA: 'false', NLU_OOS_THRESHOLD: '0.4' });
    expect(config.server.port).toBe(8080);
    expect(config.storage.demoData).toBe(false);
    expect(config.nlu.oosThreshold).toBeCloseTo(0.4);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DEMO_DATA', 'maybe'],
    ['RECOMMENDER_BACKEND', 'gpu'],
    ['NLU_OOS_THRESHOLD', '2'],
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%s with an error naming the variable', (name, value) => {
    let caught: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as AppError).code).toBe('CONFIG_INVALID');
    expect((caught as AppError).message).toContain(name);
  });

  it('requires a model when the transformers encoder is chosen', () => {
    expect(() => loadConfig({ NLU_ENCODER: 'transformers' })).toThrow(/NLU_ENCODER_MODEL/);
  });

  it('requires the Bot Framework app id and password together', () => {
    expect(() => loadConfig({ MicrosoftAppId: 'abc' })).toThrow(ConfigError);
  });

  it('documents every variable it reads in .env.example', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Za-z_]+)=/gm)].map((m) => m[1]));
    const source = readFileSync(new URL('../../core/config.ts', import.meta.url), 'utf8');
    const schemaBlock = source.slice(source.indexOf('const envSchema'), source.indexOf('export type Env'));
    const read = [...schemaBlock.matchAll(/^\s{2}([A-Za-z_]+):/gm)].map((m) => m[1]);
    expect(read.length).toBeGreaterThan(20);
    expect(read.filter((name) => !documented.has(name))).toEqual([]);
  });
});

describe('environmentWithDotenv', () => {
  it('reads a .env file underneath the real environment, which wins', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'csbot-env-')), '.env');
    writeFileSync(file, '# local settings\nPORT=4000\nDATA_DIR="/srv/csbot data"\n');
    const env = environmentWithDotenv(file, { PORT: '5000' });
    const config = loadConfig(env);
    expect(config.server.port).toBe(5000);
    expect(config.storage.dataDir).toBe('/srv/csbot data');
  });

  it('is the plain environment when there is no .env file', () => {
    const env = { PORT: '1234' };
    expect(environmentWithDotenv(path.join(tmpdir(), 'no-such-dir-csbot', '.env'), env)).toBe(env);
  });
});
