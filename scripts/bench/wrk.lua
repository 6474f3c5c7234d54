-- wrk script of scripts/bench.sh: GET requests spread over many URLs, non-2xx answers counted, figures in one line.
--
--   wrk … -s scripts/bench/wrk.lua URL -- paths FILE     each line of FILE is a path (/api/v1/catalog-items/<id>)
--   wrk … -s scripts/bench/wrk.lua URL -- list FILE      each line is DIVISION<TAB>SHARE_TYPE<TAB>WORD: the list
--                                                        endpoint with those three filters (the word URL-encoded)
--   wrk … -s scripts/bench/wrk.lua URL -- post FILE PATH POSTs to PATH the JSON body of FILE, its @CODE@ replaced by a
--                                                        code no other request of the run sends (W<thread>-<n>-<time>)
-- A GET picks a random line, so the server and the database do not serve one cached row. The last line of
-- the output reads
--   BENCH requests=N seconds=S rps=R p50_ms=… p95_ms=… p99_ms=… max_ms=… non2xx=N socket_errors=N
-- (non2xx: answers outside 200–299, counted by the response hook in every thread; socket_errors: connect, read, write
-- and timeout errors).

local paths = {}
local post_body, post_path, started
local sent = 0
non2xx = 0 -- global: done() reads it from each thread's interpreter

local function encode(text)
    return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
    local mode, file = args[1], args[2]
    if mode == "post" then
        post_body, post_path, started = io.open(file):read("*a"), args[3], os.time()
        return
    end
    for line in io.lines(file) do
        if mode == "list" then
            local division, share_type, word = line:match("^([^\t]*)\t([^\t]*)\t(.*)$")
            paths[#paths + 1] = "/api/v1/catalog-items?division=" .. encode(division) .. "&share_type=" .. encode(share_type)
                .. "&q=" .. encode(word)
        elseif line ~= "" then
            paths[#paths + 1] = line
        end
    end
    if #paths == 0 then error("no requests in " .. tostring(file)) end
    math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0))
end

function request()
    if post_body then
        sent = sent + 1
        local code = string.format("W%s-%d-%d", tid, sent, started)
        return wrk.format("POST", post_path, nil, (post_body:gsub("@CODE@", code)))
    end
    return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
    if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

local threads = {}

function setup(thread)
    threads[#threads + 1] = thread
    thread:set("tid", #threads)
end

function done(summary, latency, requests)
    local bad = 0
    for _, thread in ipairs(threads) do bad = bad + (thread:get("non2xx") or 0) end
    local e = summary.errors
    local seconds = summary.duration / 1e6
    io.write(string.format(
        "BENCH requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
        summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000, latency.max / 1000, bad, e.connect + e.read + e.write + e.timeout))
end
