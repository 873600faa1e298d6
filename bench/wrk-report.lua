-- wrk script of bench/http-load.ts: adds the request headers given after `--` ("name: value"
-- each) and prints one JSON line of the run's figures (latencies in microseconds) when it ends.
function init(args)
  for i = 1, #args do
    local name, value = args[i]:match("^([^:]+):%s*(.*)$")
    if name then wrk.headers[name] = value end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"non2xx":%d,"errors":%d,"micros":%d,"p50":%d,"p95":%d,"p99":%d,"max":%d}\n',
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
