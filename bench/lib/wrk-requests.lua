-- wrk script for the ClinicDesk benches (bench/lib/wrk.ts writes the requests file).
-- Arguments: <requests file> <threads> <close: 0|1>
-- Each line of the file is one request: method TAB path TAB authorization TAB body. Thread k of
-- n sends lines k, k+n, k+2n… in turn, so two threads never send the same booking at once.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local requests = {}
local sent = 0
statuses = {}
samples = {}

function init(args)
  local file, total, close = args[1], tonumber(args[2]), args[3] == "1"
  local index = 0
  for line in io.lines(file) do
    if index % total == id then
      local method, path, auth, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {}
      if auth ~= "" then headers["Authorization"] = auth end
      if body ~= "" then headers["Content-Type"] = "application/json" end
      if close then headers["Connection"] = "close" end
      requests[#requests + 1] = wrk.format(method, path, headers, body ~= "" and body or nil)
    end
    index = index + 1
  end
  if #requests == 0 then error("no requests for thread " .. id) end
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if (status < 200 or status >= 300) and status ~= 409 and #samples < 5 then
    samples[#samples + 1] = status .. " " .. string.sub(body or "", 1, 300)
  end
end

local function quote(text)
  return '"' .. string.gsub(text, '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

function done(summary, latency, _)
  local codes, lines = {}, {}
  for _, thread in ipairs(threads) do
    for code, count in pairs(thread:get("statuses") or {}) do
      codes[code] = (codes[code] or 0) + count
    end
    for _, sample in ipairs(thread:get("samples") or {}) do lines[#lines + 1] = quote(sample) end
  end
  local parts = {}
  for code, count in pairs(codes) do parts[#parts + 1] = '"' .. code .. '":' .. count end
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"durationUs":%d,"requests":%d,"bytes":%d,' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},' ..
      '"statuses":{%s},"samples":[%s]}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, table.concat(parts, ","), table.concat(lines, ",")))
end
