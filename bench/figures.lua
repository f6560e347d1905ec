-- G0: the network's figures (GET /figures) over the workload's year,
-- uncached. Each request carries a query key of its own, which the route
-- drops but the response cache keys on, so every one counts afresh.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

spread(1000003)

function request()
	n = n + 1
	return wrk.format("GET", "/figures?from=2025-11&to=2026-10&n=" .. n)
end
