// The bare reference of bench/fanout.mjs (child_process.fork): a plain ws WebSocketServer, no
// compression, that sends the payload it was given to every connected client when the parent
// says `broadcast` over IPC. The payload is handed over beforehand, so only the trigger is timed.
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
let payload = '';

server.on('listening', () => process.send({ event: 'listening', port: server.address().port }));
process.on('message', ({ id, type, args }) => {
  if (type === 'payload') payload = args.json;
  if (type === 'broadcast') for (const client of server.clients) client.send(payload);
  process.send({ id, ok: true, result: { clients: server.clients.size } });
});
process.on('disconnect', () => process.exit(0));
