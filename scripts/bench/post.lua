-- wrk script: POSTs JSON bodies to BENCH_PATH. BENCH_TOKEN holds one or more bearer tokens
-- (space-separated); each request uses a random one, as many browsers or servers would.
-- In the BENCH_BODY template "%%N%%" becomes a value unique to the request and "%%R%%" a
-- random number below BENCH_RANGE (to pick existing rows), "%%T%%" the index of the token
-- used (so each widget session can keep identifying the same person).
local path = os.getenv("BENCH_PATH")
local template = os.getenv("BENCH_BODY")
local range = tonumber(os.getenv("BENCH_RANGE") or "1000")
local tokens = {}
for token in string.gmatch(os.getenv("BENCH_TOKEN"), "%S+") do
  table.insert(tokens, token)
end
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
  local t = math.random(1, #tokens)
  local body = string.gsub(template, "%%%%N%%%%", prefix .. "-" .. counter)
  body = string.gsub(body, "%%%%R%%%%", tostring(math.random(0, range - 1)))
  body = string.gsub(body, "%%%%T%%%%", tostring(t))
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[t],
  }, body)
end
