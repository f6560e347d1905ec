-- K0: an organizer's follow-ups (GET /tasks: theirs and their zone's,
-- open, overdue first), uncached, as facing.lua: a key of its own each.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

spread(1000003)

function request()
	n = n + 1
	return wrk.format("GET", "/tasks?n=" .. n)
end
