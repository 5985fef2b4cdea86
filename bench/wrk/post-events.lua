-- wrk script of the ingest bench: POSTs the request bodies of a file (one JSON body per line,
-- written by the bench), each connection cycling through them from its own starting line, and
-- counts the answers by status class. Usage: wrk -s post-events.lua <url> -- <bodies file>

local bodies = {}
counts = { ok = 0, client = 0, server = 0, other = 0 }
local next_body = 1
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  for line in io.lines(args[1]) do table.insert(bodies, line) end
  next_body = ((id - 1) * 7919) % #bodies + 1
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then counts.ok = counts.ok + 1
  elseif status >= 400 and status < 500 then counts.client = counts.client + 1
  elseif status >= 500 then counts.server = counts.server + 1
  else counts.other = counts.other + 1 end
end

function done(summary, latency, requests)
  local total = { ok = 0, client = 0, server = 0, other = 0 }
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for k, v in pairs(c) do total[k] = total[k] + v end
  end
  io.write(string.format('{"requests":%d,"seconds":%.3f,"ok":%d,"client_errors":%d,"server_errors":%d,"other":%d,"socket_errors":%d,"p50_ms":%.2f,"p99_ms":%.2f}\n',
    summary.requests, summary.duration / 1e6, total.ok, total.client, total.server, total.other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
