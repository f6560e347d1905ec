-- Q1: the first 50 open asks in one zone and one category. Each request
-- asks about the next zone, so the whole table is read, not one page.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local zones = tonumber(os.getenv("BENCH_ZONES") or "40")

spread(7)

function request()
	n = n + 1
	return wrk.format("GET", "/needs?status=open&zone_id=" ..
	    (n % zones + 1) .. "&category=groceries&limit=50")
end
