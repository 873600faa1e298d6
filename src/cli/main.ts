import { parseArgs } from 'node:util';
import { loadConfig } from '../kernel/config/config.ts';
import { isOmnifyError } from '../kernel/errors/catalog.ts';
import { runReplay } from './replay.ts';

const USAGE = `Usage: omnify <command> [options]

Commands:
  start                                   Run the server (PORT, DATA_DIR, DATABASE_URL…; see docs/configuration.md)
  replay <folder> --channel <id>          Sign and POST every payload in <folder> to a running server
         --secret <signing secret> [--url <server, default http://127.0.0.1:$PORT or :8080>] [--api-key <key>] [--platform whatsapp|telegram|webhook]
         (the platform is looked up with --api-key, else taken from --platform or the folder name)
  intel ltv --transactions <csv> --calibration-end <YYYY-MM-DD> [--holdout-end <YYYY-MM-DD>] [--json]
                                          Fit BG/NBD + Gamma-Gamma to customer_id,date,amount orders (no server needed)
  intel anomalies|fatigue|forecast|budget --ads <csv> (--preset <name> | --mapping <json>) [--json]
        [--date YYYY-MM-DD] [--year YYYY] [--currency XXX] [--level campaign|ad] [--horizon 1..28]
                                          Run an ad model on a CSV (presets: kag_conversion, facebook_2017,
                                          online_advertising; see docs/intelligence/import.md)
  intel demo [--seed <n>] [--json]        Generate demo customers and ad data with known truth, run every
                                          model and print what each found next to the truth
  secrets rotate --new-key-file <path>    Re-encrypt every stored secret under a new master key (base64 of
                                          32 bytes), in one transaction; stop every server first (docs/security.md)
  keys create --role owner|admin|agent|viewer [--workspace <id>] [--name <n>]
                                          Create an API key on this machine (recovery; opens the database
                                          directly — with the embedded database, stop the server first)
  keys list                               List workspaces and their keys (never the keys themselves)
  users create --email <e> --name <n> [--password <p>] [--role owner|admin|agent|viewer] [--workspace <id>]
                                          Create a user who signs in with e-mail and password (default: owner of
                                          the default workspace; without --password one is generated and printed)
  users reset-password <email>            Print a one-time link that sets a new password (valid 1 hour)
  help                                    Show this help
`;

/** `omnify start`: runs until SIGINT/SIGTERM, then stops gracefully. */
async function start(): Promise<void> {
  const config = loadConfig();
  const { startOmnify } = await import('../app/runtime.ts');
  const omnify = await startOmnify(config);
  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  const base = config.publicUrl ?? `http://localhost:${new URL(omnify.url).port}`;
  console.log(`Omnify is listening on ${base}  (database: ${where})`);
  console.log(`API docs: ${base}/docs   OpenAPI: ${base}/openapi.json`);
  if (omnify.bootstrap.generatedKey) {
    console.log('\nCreated the owner API key of the default workspace (shown only this once):');
    console.log(`  ${omnify.bootstrap.generatedKey}`);
    console.log('Use it as "Authorization: Bearer <key>". Only its hash is stored.');
    console.log('Lost it? Stop the server and run `omnify keys create --role owner` (docs/access.md).\n');
  } else if (omnify.bootstrap.configuredKeyAdded) {
    console.log('Added OMNIFY_API_KEY as an owner API key of the default workspace.');
  }
  // A background error with nobody awaiting it (e.g. the job queue completing a job while the
  // database restarts) is logged, not fatal: the work it concerns is retried from the database.
  process.on('unhandledRejection', (reason) => {
    omnify.ctx.log.error({ err: reason }, 'unhandled rejection');
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping…`);
    await omnify.stop(true);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/** Dispatches `omnify intel <model>`; returns the exit code (2 with the usage on bad arguments). */
async function runIntel(
  model: string | undefined,
  v: Record<string, string | boolean | undefined>,
): Promise<number> {
  const json = v.json === true;
  if (model === 'ltv') {
    if (!v.transactions || !v['calibration-end']) return usage();
    const { runIntelLtv } = await import('./intel.ts');
    return runIntelLtv({
      transactions: String(v.transactions),
      calibrationEnd: String(v['calibration-end']),
      holdoutEnd: v['holdout-end'] as string | undefined,
      json,
    });
  }
  if (model === 'demo') {
    const { runIntelDemo } = await import('./intel-demo.ts');
    return runIntelDemo({ seed: Number(v.seed), json });
  }
  const ads = await import('./intel-ads.ts');
  const run = {
    anomalies: ads.runIntelAnomalies,
    fatigue: ads.runIntelFatigue,
    forecast: ads.runIntelForecast,
    budget: ads.runIntelBudget,
  }[model ?? ''];
  if (!run || !v.ads || (!v.preset && !v.mapping) || (v.level !== 'campaign' && v.level !== 'ad'))
    return usage();
  const presetOptions: Record<string, unknown> = {};
  if (v.date) presetOptions.date = v.date;
  if (v.year) presetOptions.year = Number(v.year);
  if (v.currency) presetOptions.currency = v.currency;
  return run({
    ads: String(v.ads),
    preset: v.preset as never,
    mapping: v.mapping as string | undefined,
    presetOptions,
    level: v.level,
    horizon: Number(v.horizon),
    json,
  });
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      await start();
      return -1;
    case 'replay': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          channel: { type: 'string' },
          url: {
            type: 'string',
            default: process.env.OMNIFY_URL ?? `http://127.0.0.1:${process.env.PORT || 8080}`,
          },
          secret: { type: 'string' },
          'api-key': { type: 'string', default: process.env.OMNIFY_API_KEY },
          'delay-ms': { type: 'string', default: '0' },
          platform: { type: 'string' },
        },
      });
      if (!positionals[0] || !values.channel) {
        console.error(USAGE);
        return 2;
      }
      return runReplay({
        folder: positionals[0],
        channelId: values.channel,
        url: values.url!,
        secret: values.secret,
        apiKey: values['api-key'],
        delayMs: Number(values['delay-ms']),
        platform: values.platform,
      });
    }
    case 'intel': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          transactions: { type: 'string' },
          'calibration-end': { type: 'string' },
          'holdout-end': { type: 'string' },
          ads: { type: 'string' },
          preset: { type: 'string' },
          mapping: { type: 'string' },
          date: { type: 'string' },
          year: { type: 'string' },
          currency: { type: 'string' },
          level: { type: 'string', default: 'campaign' },
          horizon: { type: 'string', default: '14' },
          seed: { type: 'string', default: '42' },
          json: { type: 'boolean', default: false },
        },
      });
      return runIntel(positionals[0], values);
    }
    case 'keys': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { role: { type: 'string' }, workspace: { type: 'string' }, name: { type: 'string' } },
      });
      const keys = await import('./keys.ts');
      if (positionals[0] === 'create') return keys.runKeysCreate(loadConfig(), values);
      if (positionals[0] === 'list') return keys.runKeysList(loadConfig());
      return usage();
    }
    case 'users': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          email: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
          role: { type: 'string' },
          workspace: { type: 'string' },
        },
      });
      const users = await import('./users.ts');
      if (positionals[0] === 'create') return users.runUsersCreate(loadConfig(), values);
      if (positionals[0] === 'reset-password')
        return users.runUsersResetPassword(loadConfig(), positionals[1]);
      return usage();
    }
    case 'secrets': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { 'new-key-file': { type: 'string' } },
      });
      if (positionals[0] !== 'rotate' || !values['new-key-file']) return usage();
      const { runSecretsRotate } = await import('./secrets.ts');
      return runSecretsRotate({ newKeyFile: values['new-key-file'] });
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (e) => {
    if (isOmnifyError(e)) console.error(`${e.code}: ${e.message}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
