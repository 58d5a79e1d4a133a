-- Shared by the benchmark's wrk scripts: the seeded users and conversations (BENCH_IDS, "email id" lines), each
-- wrk thread taking its own share so that concurrent requests go to different conversations, and a one-line JSON
-- summary that bench/run.sh reads.
local thread_count = 0
function setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
end

ids = {}
local next_index = 0
function load_ids()
  local all = {}
  for line in io.lines(os.getenv("BENCH_IDS")) do
    local email, id = line:match("(%S+) (%S+)")
    if email then all[#all + 1] = { email = email, id = id } end
  end
  local threads = tonumber(os.getenv("BENCH_THREADS") or "2")
  for i, entry in ipairs(all) do
    if (i - 1) % threads == tid then ids[#ids + 1] = entry end
  end
end

function pick()
  next_index = next_index % #ids + 1
  return ids[next_index]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"non2xx":%d,"socket_errors":%d,"p50_ms":%.1f,"p99_ms":%.1f}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
