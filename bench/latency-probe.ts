/**
 * Child process of the intel-run-latency benchmark: hits `url` at a fixed overall rate with
 * autocannon until the parent sends `stop` (IPC), then sends back autocannon's result. It runs in its
 * own process so a busy server event loop delays the answers, never the requests being sent.
 * Usage (forked): `latency-probe.ts <url> <requestsPerSecond> <connections>`.
 */
import autocannon from 'autocannon';

const [url, rate, connections] = process.argv.slice(2);
const instance = autocannon(
  { url: url!, overallRate: Number(rate), connections: Number(connections), duration: 3600 },
  (err, result) => {
    if (err) process.send?.({ error: String(err) });
    else process.send?.({ result });
    process.disconnect?.();
  },
);
process.on('message', (m) => {
  if (m === 'stop') instance.stop();
});
process.send?.({ started: true });
