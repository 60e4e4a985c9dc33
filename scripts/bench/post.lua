-- wrk script: POSTs JSON bodies to BENCH_PATH with BENCH_TOKEN as bearer.
-- BENCH_BODY is a template; every "%%N%%" becomes a number unique to the request, so
-- "new" workloads never repeat a value.
local path = os.getenv("BENCH_PATH")
local token = os.getenv("BENCH_TOKEN")
local template = os.getenv("BENCH_BODY")
local counter = 0
local thread_tag = 0

function setup(thread)
  thread_tag = thread_tag + 1
  thread:set("tag", thread_tag)
end

function init(args)
  math.randomseed(os.time() * 1000 + (tag or 0))
  prefix = tostring(math.random(1, 1000000000)) .. "-" .. tostring(tag or 0)
end

function request()
  counter = counter + 1
  local body = string.gsub(template, "%%%%N%%%%", prefix .. "-" .. counter)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
  }, body)
end
