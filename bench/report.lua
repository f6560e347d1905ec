-- Shared by the query scripts: one machine-readable line at the end of a
-- run, which bench/run turns into its table. Latencies in microseconds.

function done(summary, latency, requests)
	local e = summary.errors
	local seconds = summary.duration / 1e6
	io.write(string.format("BENCH requests=%d rps=%.1f p50=%d p99=%d " ..
	    "bad_status=%d socket_errors=%d\n",
	    summary.requests, summary.requests / seconds,
	    latency:percentile(50), latency:percentile(99),
	    e.status, e.connect + e.read + e.write + e.timeout))
end
