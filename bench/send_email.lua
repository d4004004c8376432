-- wrk script for bench/send_email.sh: POST /v2/notifications/email with one fixed JSON body.
--
-- Reads from the environment (set by send_email.sh):
--   BENCH_AUTH      the whole Authorization header value ("Bearer <jwt>" or "ApiKey-v1 <key>")
--   BENCH_BODY      the JSON request body
--   BENCH_IDS_FILE  where done() writes the notification ids of the 201 responses, one a line
--
-- Every thread counts 201 responses and everything else (by status). A 201 body's "id" is kept
-- so the shell script can check that each accepted notification is in the database. done()
-- prints "BENCH key=value" lines for the shell script to read, then a human summary.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.body = os.getenv("BENCH_BODY")
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
  created = 0          -- 201 responses in this thread
  other = 0            -- every other status in this thread
  other_by_status = {} -- status -> count
  first_other = ""     -- first non-201 status and body, to show what went wrong
  ids = {}             -- notification ids of the 201s
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    local id = string.match(body, '"id"%s*:%s*"([0-9a-fA-F%-]+)"')
    if id then ids[#ids + 1] = id end
  else
    other = other + 1
    other_by_status[status] = (other_by_status[status] or 0) + 1
    if first_other == "" then
      first_other = tostring(status) .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

function done(summary, latency, requests)
  local total_created, total_other = 0, 0
  local by_status = {}
  local sample = ""
  local ids_file = os.getenv("BENCH_IDS_FILE")
  local out = ids_file and io.open(ids_file, "w") or nil
  local ids_written = 0
  for _, thread in ipairs(threads) do
    total_created = total_created + thread:get("created")
    total_other = total_other + thread:get("other")
    for status, count in pairs(thread:get("other_by_status")) do
      by_status[status] = (by_status[status] or 0) + count
    end
    local first = thread:get("first_other")
    if sample == "" and first ~= "" then sample = first end
    if out then
      for _, id in ipairs(thread:get("ids")) do
        out:write(id, "\n")
        ids_written = ids_written + 1
      end
    end
  end
  if out then out:close() end

  local seconds = summary.duration / 1e6
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  local statuses = ""
  for status, count in pairs(by_status) do
    statuses = statuses .. string.format("%s:%d,", tostring(status), count)
  end

  io.write(string.format("BENCH duration_s=%.3f\n", seconds))
  io.write(string.format("BENCH responses=%d\n", summary.requests))
  io.write(string.format("BENCH created=%d\n", total_created))
  io.write(string.format("BENCH ids_written=%d\n", ids_written))
  io.write(string.format("BENCH non_201=%d\n", total_other))
  io.write(string.format("BENCH non_201_by_status=%s\n", statuses))
  io.write(string.format("BENCH socket_errors=%d\n", socket_errors))
  io.write(string.format("BENCH socket_errors_detail=connect:%d,read:%d,write:%d,timeout:%d\n",
                         e.connect, e.read, e.write, e.timeout))
  io.write(string.format("BENCH created_per_s=%.1f\n", total_created / seconds))
  io.write(string.format("BENCH p50_ms=%.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH p90_ms=%.2f\n", latency:percentile(90) / 1000))
  io.write(string.format("BENCH p99_ms=%.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("BENCH max_ms=%.2f\n", latency.max / 1000))
  if sample ~= "" then
    io.write("BENCH first_non_201=" .. string.gsub(sample, "\n", " ") .. "\n")
  end
end
