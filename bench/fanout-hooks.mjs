// Loaded into the Loa server child by bench/fanout.mjs with `node --expose-gc --import`: it adds
// nothing to the server but a full GC on SIGUSR2 (so heap can be read from /metrics without
// garbage in it) and an exit when the bench that started it goes away, even if it was killed.
process.on('SIGUSR2', () => globalThis.gc?.());
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
