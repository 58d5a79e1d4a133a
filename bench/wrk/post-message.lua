dofile("bench/wrk/common.lua")
local delay = os.getenv("BENCH_MODEL_DELAY") or "0"
function init(args) load_ids() end
function request()
  local target = pick()
  local body = '{"user_email":"' .. target.email .. '","text":"Bench turn [[delay ' .. delay .. ']]"}'
  return wrk.format("POST", "/conversations/" .. target.id .. "/messages", { ["Content-Type"] = "application/json" }, body)
end
