/** Import rules of docs/architecture.md, enforced in CI (`npm run depcheck`). */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Imports flow one way; a cycle means two files should be one, or a seam is missing.',
      from: { pathNot: '\\.test\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'no-foreign-repository',
      severity: 'error',
      comment:
        "A module reads and writes only its own tables: another module's data goes through its service.",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/.*\\.repository\\.ts$', pathNot: '^src/modules/$1/' },
    },
    {
      name: 'models-are-pure',
      severity: 'error',
      comment:
        'Models (LTV, anomaly, fatigue, forecast, budget) are pure functions: no database, queue, HTTP or files.',
      from: { path: '^src/models/', pathNot: '\\.(test|bench)\\.ts$' },
      to: {
        path: [
          '^src/(modules|integrations|app|cli)/',
          '^src/kernel/(db|queue|http-server|http-client|crypto)/',
          '^(node:)?(fs|net|http|https|child_process)$',
          'node_modules/(pg|pg-boss|@electric-sql|fastify|undici)/',
        ],
      },
    },
    {
      name: 'kernel-is-below-everything',
      severity: 'error',
      comment: 'The kernel knows no module, integration or model.',
      from: { path: '^src/kernel/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(modules|integrations|models|app|cli)/' },
    },
    {
      name: 'integrations-know-no-module',
      severity: 'error',
      comment: 'Integrations speak a platform behind a contract; they never reach into a module.',
      from: { path: '^src/integrations/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(modules|app|cli)/' },
    },
    {
      name: 'no-test-helpers-at-run-time',
      severity: 'error',
      from: {
        path: '^src/',
        pathNot: [
          '\\.test\\.ts$',
          '\\.bench\\.ts$',
          'contract-suite\\.ts$',
          '\\.fixtures?\\.ts$',
          '^src/testing/',
        ],
      },
      to: { path: ['^src/testing/', 'node_modules/vitest/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
