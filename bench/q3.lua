-- Q3: the dashboard (open asks by category and by zone, the newest asks).
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
