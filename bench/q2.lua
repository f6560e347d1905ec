-- Q2: create one ask, durably. A JSON body (BENCH_BODY=json, answered 201)
-- or a form as a browser sends it (BENCH_BODY=form, answered 303). The
-- asker and zone are a real person and their own zone.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local people = tonumber(os.getenv("BENCH_PEOPLE") or "25000")
local zones = tonumber(os.getenv("BENCH_ZONES") or "40")
local form = os.getenv("BENCH_BODY") == "form"
local categories = { "groceries", "rent", "transport", "childcare",
	"medical", "prescriptions", "diapers", "clothing", "utilities",
	"legal", "housing", "other" }
local details = "Need groceries for a family of four this week. " ..
	"Any weekday after 5 pm works."
spread(104729)

function init(args)
	wrk.method = "POST"
	wrk.path = "/needs"
	if form then
		wrk.headers["Content-Type"] =
		    "application/x-www-form-urlencoded"
	else
		wrk.headers["Content-Type"] = "application/json"
	end
end

function request()
	n = n + 1
	local person = n % people + 1
	-- bench/run's data puts person i in zone (i - 1) % zones + 1.
	local zone = (person - 1) % zones + 1
	local category = categories[n % #categories + 1]
	local urgency = n % 3 + 1
	local body
	if form then
		body = "person_id=" .. person .. "&category=" .. category ..
		    "&details=" .. details:gsub(" ", "+") ..
		    "&urgency=" .. urgency .. "&zone_id=" .. zone
	else
		body = string.format('{"person_id":%d,"category":"%s",' ..
		    '"details":"%s","urgency":%d,"zone_id":%d}',
		    person, category, details, urgency, zone)
	end
	return wrk.format(nil, nil, nil, body)
end
