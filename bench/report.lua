-- Shared by the query scripts: each thread's request counter, and one
-- machine-readable line at the end of a run, which bench/run turns into
-- its table. Latencies in microseconds.

-- The global n counts a thread's requests. Each thread's starts stride
-- past the one before (wrk sets it in the thread's own state before its
-- init), so that the threads do not walk the same rows in step.
function spread(stride)
	local threads = 0

	function setup(thread)
		thread:set("n", threads * stride)
		threads = threads + 1
	end
end

function done(summary, latency, requests)
	local e = summary.errors
	local seconds = summary.duration / 1e6
	io.write(string.format("BENCH requests=%d rps=%.1f p50=%d p99=%d " ..
	    "bad_status=%d socket_errors=%d\n",
	    summary.requests, summary.requests / seconds,
	    latency:percentile(50), latency:percentile(99),
	    e.status, e.connect + e.read + e.write + e.timeout))
end
