-- wrk script: the write mix of bench/run.sh.
-- Each connection alternates creating a published article (POST /api/articles, about 1,500 words of Markdown)
-- and replacing one that its thread created before (PUT /api/articles/{id}, a full replacement with a new title
-- and body; the slug is kept). Titles are unique per run, thread and request, so no create races for a slug.
-- Environment: BENCH_RUN (a word naming the run, part of every title), BENCH_TAGS (comma-separated tag slugs of
-- existing tags, assigned to every article; tags that exist are matched, so no create races for a tag name),
-- BENCH_KEY (an API key with content:write). Each update sends If-Match with the ETag its create answered.
-- done() prints one line: "write-mix: created=N updated=N failed=N statuses=201:N,200:N,...".

local threads = {}

function setup(thread)
   thread:set("thread_number", #threads + 1)
   table.insert(threads, thread)
end

local function json_string(s)
   s = s:gsub('\\', '\\\\'):gsub('"', '\\"'):gsub('\n', '\\n')
   return '"' .. s .. '"'
end

local words = {
   "the", "cache", "serves", "every", "request", "while", "the", "database", "stores", "articles", "and", "tags",
   "for", "readers", "who", "expect", "fast", "pages", "under", "load", "so", "we", "measure", "latency", "often",
}

-- About 1,500 words: 10 sections of a heading, a paragraph, a list and a second paragraph.
local function markdown_body(variant)
   local parts = {}
   local n = 0
   local function sentence(length)
      local s = {}
      for i = 1, length do
         n = n + 1
         s[i] = words[(n + variant) % #words + 1]
      end
      return s[1]:sub(1, 1):upper() .. table.concat(s, " "):sub(2) .. "."
   end
   for section = 1, 10 do
      table.insert(parts, "## Section " .. section .. " of revision " .. variant)
      local paragraph = {}
      for i = 1, 5 do paragraph[i] = sentence(12) end
      table.insert(parts, table.concat(paragraph, " ") .. " See [the notes](https://example.com/notes/" .. section .. ").")
      table.insert(parts, "- " .. sentence(6) .. "\n- " .. sentence(6) .. "\n- **" .. sentence(5) .. "**")
      paragraph = {}
      for i = 1, 5 do paragraph[i] = sentence(12) end
      table.insert(parts, table.concat(paragraph, " "))
   end
   return table.concat(parts, "\n\n")
end

local run = os.getenv("BENCH_RUN") or tostring(os.time())
local key = os.getenv("BENCH_KEY") or ""
local tags_json = "[]"
local bodies = {}
local counter = 0
local pending = {}

-- Read by done() through thread:get.
created = 0
updated = 0
failed = 0
statuses = {}

function init(args)
   local tags = {}
   for slug in (os.getenv("BENCH_TAGS") or ""):gmatch("[^,]+") do
      table.insert(tags, json_string(slug))
   end
   tags_json = "[" .. table.concat(tags, ",") .. "]"
   bodies[1] = json_string(markdown_body(1))
   bodies[2] = json_string(markdown_body(2))
end

local function article(title, variant)
   return '{"title":' .. json_string(title)
      .. ',"summary":' .. json_string("Written by the benchmark's write mix (" .. run .. ").")
      .. ',"body":' .. bodies[variant]
      .. ',"status":"published","tags":' .. tags_json .. '}'
end

function request()
   counter = counter + 1
   local id = table.remove(pending, 1)
   if id then
      local title = string.format("Write mix %s thread %d update %d of article %s", run, thread_number, counter, id.id)
      local headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = key, ["If-Match"] = id.etag }
      return wrk.format("PUT", "/api/articles/" .. id.id, headers, article(title, 2))
   end
   local title = string.format("Write mix %s thread %d article %d", run, thread_number, counter)
   local headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }
   return wrk.format("POST", "/api/articles", headers, article(title, 1))
end

function response(status, response_headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status == 201 then
      created = created + 1
      local location = response_headers["Location"] or response_headers["location"] or ""
      local id = location:match("(%d+)$")
      local etag = response_headers["ETag"] or response_headers["etag"]
      if id and etag then table.insert(pending, { id = id, etag = etag }) end
   elseif status == 200 then
      updated = updated + 1
   else
      failed = failed + 1
   end
end

function done(summary, latency, requests)
   local c, u, f, all = 0, 0, 0, {}
   for _, thread in ipairs(threads) do
      c = c + (thread:get("created") or 0)
      u = u + (thread:get("updated") or 0)
      f = f + (thread:get("failed") or 0)
      local s = thread:get("statuses")
      if s then
         for status, count in pairs(s) do all[status] = (all[status] or 0) + count end
      end
   end
   local list = {}
   for status, count in pairs(all) do table.insert(list, status .. ":" .. count) end
   table.sort(list)
   io.write(string.format("write-mix: created=%d updated=%d failed=%d statuses=%s\n", c, u, f, table.concat(list, ",")))
end
