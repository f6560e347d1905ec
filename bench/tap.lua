-- T0: the tap counter in a rush: POST /sessions/:id/count {"delta":1},
-- each tap answered once it is durable. Every connection taps as one
-- phone does, as fast as the answers come back.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

function init(args)
	wrk.method = "POST"
	wrk.headers["Content-Type"] = "application/json"
	wrk.body = '{"delta":1}'
end
