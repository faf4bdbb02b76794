/** Says, once and loudly, which real-service suites this run leaves out. */
export default function globalSetup() {
  const missing = [
    ['TEST_POSTGRES_URL', 'end-to-end suites on PostgreSQL'],
    ['TEST_REDIS_URL', 'Redis suites (socket.io fan-out, job queues)'],
    ['CHROMIUM_PATH', 'browser suites in headless Chromium'],
  ].filter(([variable]) => !process.env[variable]);
  if (missing.length === 0) return;
  const lines = missing.map(([variable, what]) => `  SKIPPED: ${what} (set ${variable} to run them)`);
  process.stderr.write(
    `\n${'!'.repeat(78)}\n${lines.join('\n')}\n  .ci/run sets all three; see README.md.\n${'!'.repeat(78)}\n\n`,
  );
}
