-- L0: one location's stock (GET /locations/1: its 500 items from the
-- running levels of 1,000,000 moves), uncached. Each request carries a
-- query key of its own, which the route drops but the response cache
-- keys on, so every one reads the levels afresh.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

spread(1000003)

function request()
	n = n + 1
	return wrk.format("GET", "/locations/1?n=" .. n)
end
