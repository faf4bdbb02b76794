// Loaded into the Loa server child by bench/fanout.mjs with `node --expose-gc --import`: it adds
// nothing to the server but a full GC when the bench asks over IPC (so heap can be read from
// /metrics without garbage in it) and an exit when the bench that started it goes away, even
// if it was killed. IPC rather than a signal: Nest's shutdown hooks listen on SIGUSR2.
if (process.channel) {
  process.on('message', (message) => {
    if (message?.type === 'gc') globalThis.gc?.();
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  process.channel.unref();
}
