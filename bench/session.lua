-- S0: a session's page with its 200 attendees (GET /sessions/:id),
-- uncached: each request carries a query key of its own, which the
-- route drops but the response cache keys on, as facing.lua does.
-- S1: the same page's search alone (?only=found&q=), as the search as
-- you type asks it, the key added to its query.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

spread(1000003)
sep = wrk.path:find("?", 1, true) and "&" or "?"

function request()
	n = n + 1
	return wrk.format("GET", wrk.path .. sep .. "n=" .. n)
end
