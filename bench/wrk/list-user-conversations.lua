dofile("bench/wrk/common.lua")
function init(args) load_ids() end
function request()
  local target = pick()
  return wrk.format("GET", "/conversations/user/" .. target.email)
end
