-- wrk script for the Strata load scenarios; the request shape comes from the environment so one script
-- serves every scenario (and stays compatible with ../shared/bench/peers/scenario.lua's variables):
--   METHOD (GET), PATH_TMPL and BODY_TMPL with {id} {n} {author} placeholders, IDS_FILE, AUTHORS_FILE,
--   HEADERS ("Name: value|Name: value").
-- done() prints one line "WRKJSON {...}" with requests/s, latency percentiles and the error counts.

local method = os.getenv("METHOD") or "GET"
local path_tmpl = os.getenv("PATH_TMPL") or "/"
local body_tmpl = os.getenv("BODY_TMPL")
if body_tmpl == "" then body_tmpl = nil end

local thread_list = {}
function setup(thread)
  thread:set("thread_no", #thread_list)
  thread_list[#thread_list + 1] = thread
end

local function lines(file)
  local out = {}
  if file and file ~= "" then
    for l in io.lines(file) do
      if #l > 0 then out[#out + 1] = l end
    end
  end
  return out
end

local ids, authors, hdrs, pos, seq

function init(args)
  ids = lines(os.getenv("IDS_FILE"))
  authors = lines(os.getenv("AUTHORS_FILE"))
  local no = tonumber(thread_no) or 0
  -- threads walk the id list from far-apart offsets; {n} is unique per thread and per run
  pos = #ids > 0 and (no * 5003) % #ids or 0
  seq = no * 100000000 + (os.time() % 100000) * 1000
  hdrs = {}
  for pair in string.gmatch(os.getenv("HEADERS") or "", "[^|]+") do
    local k, v = string.match(pair, "^%s*([^:]+):%s*(.-)%s*$")
    if k then hdrs[k] = v end
  end
  if body_tmpl then hdrs["Content-Type"] = "application/json" end
end

local function expand(tmpl, id)
  if not tmpl then return nil end
  local s = tmpl
  if id then s = s:gsub("{id}", id) end
  if #authors > 0 then s = s:gsub("{author}", authors[seq % #authors + 1]) end
  return (s:gsub("{n}", tostring(seq)))
end

function request()
  seq = seq + 1
  local id
  if #ids > 0 then
    pos = pos % #ids + 1
    id = ids[pos]
  end
  return wrk.format(method, expand(path_tmpl, id), hdrs, expand(body_tmpl, id))
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
