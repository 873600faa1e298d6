import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // `expect.poll` waits 1 s by default: a browser test's dialog or list can take longer to
    // settle while the full suite loads both cores (a fresh-clone run failed so, 2026-12-07). A
    // poll that succeeds returns at once, so passing runs are no slower.
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    // Vitest's default (cores − 1) runs one file at a time on the 2-core machines here, while most
    // files spend their time waiting on a server, a database or a browser: two at a time overlap
    // those waits. Every file has its own database and free ports, so files never share state.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/global-setup.ts'],
  },
});
