-- wrk script: GETs a random path from BENCH_PATHS (space-separated) with BENCH_TOKEN.
local token = os.getenv("BENCH_TOKEN")
local paths = {}
for path in string.gmatch(os.getenv("BENCH_PATHS"), "%S+") do
  table.insert(paths, path)
end

function init(args)
  math.randomseed(os.time() * 1000 + math.random(1, 1000))
end

function request()
  return wrk.format("GET", paths[math.random(1, #paths)], {["Authorization"] = "Bearer " .. token})
end
