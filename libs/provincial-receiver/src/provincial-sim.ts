import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LogLevel, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Delays } from './delays';
import { ExchangeReceiver } from './exchange-receiver';
import { RecordsFastPath } from './exchange-responder';
import { type FaultSettings, faultsFromEnv, NEUTRAL_FAULTS, applyFaultPatch } from './fault-injector';
import { ProvincialSimModule } from './provincial-sim.module';
import { RecordStore } from './record-store';
import { rawBodyMiddleware } from './raw-body.middleware';
import { TrafficLog } from './traffic-log';

export interface ProvincialSimOptions {
  /** The shared secret of the HMAC signature (and the admin token). Required. */
  secret: string;
  /** Default 4100; 0 picks a free port (see the returned url). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** PostgreSQL connection string; without it the records are kept in embedded PGlite in dataDir. */
  databaseUrl?: string;
  /** PGlite data folder (default ./data/provincial-sim), or `memory://` for a throw-away store. */
  dataDir?: string;
  /** Database schema of the receiver's tables (default provincial_sim). */
  schema?: string;
  /** Fault knobs at start-up (POST /admin/reset returns to these). */
  faults?: Partial<FaultSettings>;
  /** Largest body accepted, bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /** Nest log levels, or false for silence (default: log, warn, error). */
  logger?: false | LogLevel[];
  /** Unix milliseconds used for the signature window and receiveTime (tests fix it). Default Date.now. */
  clock?: () => number;
  /** Random source of the fault rates (default Math.random). */
  random?: () => number;
}

export interface RunningProvincialSim {
  /** Base URL, e.g. http://127.0.0.1:4100 — the platform's PROVINCIAL_API_URL. */
  url: string;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 4100;
export const DEFAULT_DATA_DIR = './data/provincial-sim';
export const DEFAULT_SCHEMA = 'provincial_sim';
export const DEV_SECRET = 'provincial-sim-dev-secret';

/**
 * Starts the reference receiver in this process (the platform's embedded `npm start` and the tests use this;
 * main.ts runs it alone). Resolves once it listens.
 */
export async function startProvincialSim(options: ProvincialSimOptions): Promise<RunningProvincialSim> {
  if (!options.secret) throw new Error('startProvincialSim: secret is required');
  const startupFaults = applyFaultPatch(NEUTRAL_FAULTS, options.faults ?? {});
  if (!startupFaults.ok) {
    throw new Error(`startProvincialSim: faults: ${startupFaults.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
  }
  const store = await RecordStore.open({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ?? DEFAULT_DATA_DIR,
    schema: options.schema ?? DEFAULT_SCHEMA,
  });
  const delays = new Delays();
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  let app: NestExpressApplication | undefined;
  let server: Server | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      ProvincialSimModule.forRoot(
        {
          secret: options.secret,
          clock: options.clock ?? Date.now,
          maxBodyBytes,
          startupFaults: startupFaults.settings,
          random: options.random ?? Math.random,
        },
        store,
        delays,
      ),
      {
        // The signature covers the exact bytes: the body is kept raw and parsed by the handlers.
        bodyParser: false,
        logger: options.logger ?? ['log', 'warn', 'error'],
      },
    );
    app.use(rawBodyMiddleware(maxBodyBytes));
    app.disable('x-powered-by');
    await app.init();
    // Our own server: the records POST is taken on node:http before Express (RecordsFastPath), the rest goes to
    // the Nest application. Nest documents this use of app.init() with a server of one's own.
    const fastPath = new RecordsFastPath(app.get(ExchangeReceiver), delays, app.get(TrafficLog), maxBodyBytes);
    const express = app.getHttpAdapter().getInstance() as (req: IncomingMessage, res: ServerResponse) => void;
    server = createServer((req, res) => {
      if (!fastPath.take(req, res)) express(req, res);
    });
    await listen(server, options.port ?? DEFAULT_PORT, options.host ?? '127.0.0.1');
  } catch (error) {
    server?.close();
    await app?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  const running = { app, server };
  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        delays.releaseAll();
        // Stop listening and drop every connection, idle or not (held responses were just released).
        const closed = new Promise<void>((resolve) => running.server.close(() => resolve()));
        running.server.closeAllConnections();
        await closed;
        await running.app.close();
        await store.close();
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Options from the environment: PROVINCIAL_SIM_PORT, PROVINCIAL_SIM_HOST, PROVINCIAL_SIM_SECRET (required when
 * NODE_ENV=production; otherwise a development default with a warning), PROVINCIAL_SIM_DATABASE_URL,
 * PROVINCIAL_SIM_DATA_DIR, PROVINCIAL_SIM_SCHEMA, PROVINCIAL_SIM_MAX_BODY_BYTES and the PROVINCIAL_SIM_FAULT_*
 * knobs. Throws with the variable's name on a bad value.
 */
export function provincialSimOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): ProvincialSimOptions {
  const logger = new Logger('ProvincialSim');
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  let secret = env.PROVINCIAL_SIM_SECRET ?? '';
  if (!secret) {
    if (env.NODE_ENV === 'production') {
      throw new Error('PROVINCIAL_SIM_SECRET is required when NODE_ENV=production');
    }
    secret = DEV_SECRET;
    logger.warn(`PROVINCIAL_SIM_SECRET is not set: using the development secret "${DEV_SECRET}" (refused in production)`);
  }
  return {
    secret,
    port: int('PROVINCIAL_SIM_PORT', DEFAULT_PORT, 0, 65535),
    host: env.PROVINCIAL_SIM_HOST?.trim() || '127.0.0.1',
    databaseUrl: env.PROVINCIAL_SIM_DATABASE_URL?.trim() || undefined,
    dataDir: env.PROVINCIAL_SIM_DATA_DIR?.trim() || DEFAULT_DATA_DIR,
    schema: env.PROVINCIAL_SIM_SCHEMA?.trim() || DEFAULT_SCHEMA,
    maxBodyBytes: int('PROVINCIAL_SIM_MAX_BODY_BYTES', 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    faults: faultsFromEnv(env),
  };
}
