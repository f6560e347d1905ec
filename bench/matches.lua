-- M1: who can help with one ask (GET /needs/:id/matches). Ids walk the
-- whole table with a prime stride, each thread from its own start, so no
-- two requests of a run ask for the same ask and the response cache never
-- answers: every request ranks.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local needs = tonumber(os.getenv("BENCH_NEEDS") or "100000")

spread(50021)

function request()
	n = (n + 7919) % needs
	return wrk.format("GET", "/needs/" .. (n + 1) .. "/matches")
end
