-- S0: a session's page with its 200 attendees (GET /sessions/:id),
-- uncached: each request carries a query key of its own, which the
-- route drops but the response cache keys on, as facing.lua does.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

spread(1000003)

function request()
	n = n + 1
	return wrk.format("GET", wrk.path .. "?n=" .. n)
end
