-- bench/p95.lua's figures, with every answer that is not 2xx in `non2xx`. wrk itself counts only statuses
-- above 399, so a logged-in page answered by a redirect to /login (302, a few bytes, no SQL) would pass
-- as a very fast page. Calling response() for every answer costs wrk a little; the public pages keep p95.lua.
dofile("bench/p95.lua")

local report = done
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  redirects = 0 -- 1xx and 3xx: the 4xx and 5xx are wrk's own errors.status
end

function response(status, headers, body)
  if status < 200 or (status > 299 and status < 400) then
    redirects = redirects + 1
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    summary.errors.status = summary.errors.status + thread:get("redirects")
  end
  report(summary, latency, requests)
end
