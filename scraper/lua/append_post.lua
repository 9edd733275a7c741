-- Append a post to the posts stream unless this exact version was appended before.
-- KEYS[1] seen key, KEYS[2] posts stream
-- ARGV[1] expected current seen value ("" = none), ARGV[2] new seen value,
-- ARGV[3] post JSON, ARGV[4] stream maxlen, ARGV[5] seen ttl seconds
-- Returns the stream id, or false when another writer got there first (compare failed).
local current = redis.call('GET', KEYS[1])
if current == false then current = '' end
if current ~= ARGV[1] then
  return false
end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'post', ARGV[3])
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[5])
return id
