-- F0: what people face (GET /facing), uncached. Each request carries a
-- query key of its own, which the route drops but the response cache
-- keys on, so no two requests of a run are the same to the cache and
-- every one counts afresh.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

spread(1000003)

function request()
	n = n + 1
	return wrk.format("GET", "/facing?n=" .. n)
end
