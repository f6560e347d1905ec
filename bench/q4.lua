-- Q4: one ask by id. Ids walk the whole table with a prime stride, each
-- thread from its own start, so the page cache is not one hot row.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local needs = tonumber(os.getenv("BENCH_NEEDS") or "100000")

spread(50021)

function request()
	n = (n + 7919) % needs
	return wrk.format("GET", "/needs/" .. (n + 1))
end
