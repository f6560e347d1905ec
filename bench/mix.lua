-- X: a day's traffic in one run (issue #19). Out of every 100 requests:
-- 58 list pages (a zone of BENCH_ZONES, a category of 12, one of the
-- first 4 pages of 50), 32 asks by id over the whole table, 8 dashboards,
-- and BENCH_MIX_WRITES (0 or 2) new asks; without writes, the same
-- shares of 98. Each thread draws its own sequence, so that the threads
-- do not ask for the same pages in step.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local needs = tonumber(os.getenv("BENCH_NEEDS") or "100000")
local people = tonumber(os.getenv("BENCH_PEOPLE") or "25000")
local zones = tonumber(os.getenv("BENCH_ZONES") or "40")
local writes = tonumber(os.getenv("BENCH_MIX_WRITES") or "0")
local categories = { "groceries", "rent", "transport", "childcare",
	"medical", "prescriptions", "diapers", "clothing", "utilities",
	"legal", "housing", "other" }
local details = "Need groceries for a family of four this week. " ..
	"Any weekday after 5 pm works."
local post_headers = {}

spread(7919)

function init(args)
	math.randomseed(n + 1)
	for k, v in pairs(wrk.headers) do
		post_headers[k] = v
	end
	post_headers["Content-Type"] = "application/json"
end

function request()
	local r = math.random(0, 97 + writes)
	if r < 58 then
		return wrk.format("GET", string.format(
		    "/needs?status=open&zone_id=%d&category=%s&limit=50" ..
		    "&offset=%d", math.random(zones),
		    categories[math.random(#categories)],
		    50 * math.random(0, 3)))
	elseif r < 90 then
		return wrk.format("GET", "/needs/" .. math.random(needs))
	elseif r < 98 then
		return wrk.format("GET", "/")
	end
	-- bench/run's data puts person i in zone (i - 1) % zones + 1.
	local person = math.random(people)
	return wrk.format("POST", "/needs", post_headers, string.format(
	    '{"person_id":%d,"category":"%s","details":"%s",' ..
	    '"urgency":%d,"zone_id":%d}', person,
	    categories[math.random(#categories)], details,
	    math.random(3), (person - 1) % zones + 1))
end
