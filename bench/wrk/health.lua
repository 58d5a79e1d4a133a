dofile("bench/wrk/common.lua")
function request()
  return wrk.format("GET", "/q/health/live")
end
