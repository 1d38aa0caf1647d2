-- wrk script: counts the responses by status code and prints one line at the end,
-- "statuses: 200:N,304:N". bench/run.sh uses it to check that revalidation really answers 304.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
   local all = {}
   for _, thread in ipairs(threads) do
      local s = thread:get("statuses")
      if s then
         for status, count in pairs(s) do all[status] = (all[status] or 0) + count end
      end
   end
   local list = {}
   for status, count in pairs(all) do table.insert(list, status .. ":" .. count) end
   table.sort(list)
   io.write("statuses: " .. table.concat(list, ",") .. "\n")
end
