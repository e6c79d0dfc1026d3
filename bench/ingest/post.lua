-- wrk script for bench/ingest: POSTs batches of BATCH responses with unique, time-ordered ids
-- (a repeated id would take the cheaper duplicate path). DELAY_MS > 0 paces each connection.
local batch = tonumber(os.getenv("BATCH") or "1")
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local counter = 0
local thread_tag = 0
local started_ms = os.time() * 1000

function setup(thread)
  thread_tag = thread_tag + 1
  thread:set("tag", thread_tag)
end

function init(args)
  tag = tag or 1
  math.randomseed(os.time() + tag)
  run = math.random(0, 0xfff)
end

local function next_id()
  counter = counter + 1
  local ms = started_ms
  return string.format("%08x-%04x-7%03x-a%03x-%012x",
    math.floor(ms / 0x10000), ms % 0x10000, run, tag % 0x1000, counter)
end

local function response()
  local n = counter % 11
  return string.format(
    '{"id":"%s","survey_id":"shop-nps","survey_version":1,"submitted_at":"2026-11-23T05:00:00Z",' ..
    '"answers":{"nps":%d,"why_low":"ارسال خیلی دیر شد"},' ..
    '"context":{"page":"/checkout","stage":"purchase","device":"mobile","locale":"fa","visitor":"v-%d"}}',
    next_id(), n % 7, counter % 1000)
end

function request()
  local items = {}
  for i = 1, batch do items[i] = response() end
  local body = '{"responses":[' .. table.concat(items, ",") .. ']}'
  return wrk.format("POST", "/v1/sites/bench/responses", { ["Content-Type"] = "application/json" }, body)
end

if delay_ms > 0 then
  function delay() return delay_ms end
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f errors=%d p50_ms=%.3f p99_ms=%.3f\n",
    summary.requests, summary.duration / 1e6,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
