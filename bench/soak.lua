-- make soak: a mix of GETs that the response cache answers (the dashboard,
-- the open asks, the zones) and GETs that it cannot (every offset of the
-- asks list is a new page; asks by id, walking all of them), in JSON and
-- in HTML by turns. The server is signed in to with a coordinator's API
-- token, given by bench/soak as a header.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local asks = tonumber(os.getenv("SOAK_ASKS") or "300")
local cached = {
	"/", "/needs?status=open", "/zones", "/offers?status=open",
	"/needs?status=open&category=groceries",
}
spread(100003)

-- wrk.format takes the headers whole: the token given with -H comes along.
local json, html

local function headers(accept)
	local h = {}
	for k, v in pairs(wrk.headers) do
		h[k] = v
	end
	h["Accept"] = accept
	return h
end

function init(args)
	json = headers("application/json")
	html = headers("text/html")
end

function request()
	n = n + 1
	local path
	if n % 4 < 2 then
		path = cached[n % #cached + 1]
	elseif n % 4 == 2 then
		path = "/needs?status=open&limit=10&offset=" .. (n % 1000003)
	else
		path = "/needs/" .. (n % asks + 1)
	end
	return wrk.format("GET", path, (n % 2 == 0) and json or html)
end
