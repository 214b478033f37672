-- Sends the benchmark user's session cookie (BENCH_COOKIE, "sessionid=…") with every request
-- and prints the latency percentiles (microseconds) as one JSON line that bench/run.py parses.
-- wrk --latency prints p50/p75/p90/p99 only; p95 comes from here.
local cookie = os.getenv("BENCH_COOKIE") or ""

function init(args)
  wrk.headers["Cookie"] = cookie
end

function done(summary, latency, requests)
  local statuses = summary.errors.status
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, ' ..
    '"max": %d, "non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    statuses, summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout))
end
