-- Publish one dedup decision, atomically and at most once per post.
-- KEYS[1] post->event key, KEYS[2] events stream, KEYS[3] updates stream, KEYS[4] event hash
-- ARGV[1] event id, ARGV[2] "new" | "update", ARGV[3] message JSON, ARGV[4] events maxlen,
-- ARGV[5] updates maxlen, ARGV[6] post->event ttl seconds, ARGV[7] now (ISO), ARGV[8] post id,
-- ARGV[9] places JSON, ARGV[10] source name
-- Returns 0 when the post already had an event (a redelivery), 1 when published.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[6])
if ARGV[2] == 'new' then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[4], '*', 'event', ARGV[3])
  redis.call('HSET', KEYS[4], 'canonical', ARGV[8], 'first_seen', ARGV[7], 'last_seen', ARGV[7],
    'places', ARGV[9], 'sources', 1, 'source_names', ARGV[10])
else
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'update', ARGV[3])
  redis.call('HINCRBY', KEYS[4], 'sources', 1)
  redis.call('HSET', KEYS[4], 'last_seen', ARGV[7])
  local names = redis.call('HGET', KEYS[4], 'source_names')
  if names then
    redis.call('HSET', KEYS[4], 'source_names', names .. ',' .. ARGV[10])
  else
    redis.call('HSET', KEYS[4], 'source_names', ARGV[10])
  end
end
redis.call('EXPIRE', KEYS[4], ARGV[6])
return 1
