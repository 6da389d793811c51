-- wrk's summary in one line for bench/run.py: requests/s, p50 and p99 (µs), errors, non-2xx,
-- requests.
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("RESULT %.1f %d %d %d %d %d\n",
    summary.requests / (summary.duration / 1000000),
    latency:percentile(50), latency:percentile(99), errors, summary.errors.status,
    summary.requests))
end
