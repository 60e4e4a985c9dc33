-- wrk script: like post.lua, but each connection waits BENCH_DELAY_MS between requests, so a
-- few connections hold a steady background write rate (the mixed run's ingest).
local path = os.getenv("BENCH_PATH")
local template = os.getenv("BENCH_BODY")
local token = os.getenv("BENCH_TOKEN")
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "10")
local counter = 0

function init(args)
  math.randomseed(os.time())
  prefix = tostring(math.random(1, 1000000000))
end

function delay()
  return pause
end

function request()
  counter = counter + 1
  local body = string.gsub(template, "%%%%N%%%%", prefix .. "-" .. counter)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
