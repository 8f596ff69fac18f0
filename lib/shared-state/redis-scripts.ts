// The Lua scripts of the Redis backend (./redis.ts). A script runs alone in Redis: what it checks and what it then
// writes cannot be interleaved with another instance's commands. Times come from Redis's own clock (TIME).

/**
 * Takes every budget or none. KEYS: one sorted set per budget. ARGV: the lease id, the lease in ms, then per budget
 * its kind ("window" or "slot"), limit (0: off) and window in ms.
 * - a window holds its events' times as scores (one member per event): those older than the window are dropped, it
 *   is full at `limit`, and its key expires with the window;
 * - a slot holds leases scored by when they run out: run-out leases are dropped, it is full at `limit`.
 * Answers {0, 0} when taken, or {i, wait} for the first budget i (from 1) without room and the ms until it has.
 */
export const TAKE_BUDGETS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local lease = ARGV[1]
local leaseMs = tonumber(ARGV[2])
for i = 1, #KEYS do
  local kind, limit, span = ARGV[3 * i], tonumber(ARGV[3 * i + 1]), tonumber(ARGV[3 * i + 2])
  if limit > 0 then
    if kind == 'window' then
      redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - span)
      local count = redis.call('ZCARD', KEYS[i])
      if count >= limit then
        local oldest = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
        return {i, tonumber(oldest[2]) + span - now}
      end
    else
      redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
      if redis.call('ZCARD', KEYS[i]) >= limit then return {i, 0} end
    end
  end
end
for i = 1, #KEYS do
  local kind, limit, span = ARGV[3 * i], tonumber(ARGV[3 * i + 1]), tonumber(ARGV[3 * i + 2])
  if limit > 0 then
    if kind == 'window' then
      redis.call('ZADD', KEYS[i], now, lease .. ':' .. i)
      redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -(limit + 1))
      redis.call('PEXPIRE', KEYS[i], span)
    else
      redis.call('ZADD', KEYS[i], now + leaseMs, lease)
      redis.call('PEXPIRE', KEYS[i], leaseMs)
    end
  end
end
return {0, 0}
`;

/** Renews a lease held on each slot of KEYS. ARGV: the lease id, the lease in ms. */
export const RENEW_LEASES = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, #KEYS do
  if redis.call('ZSCORE', KEYS[i], ARGV[1]) then
    redis.call('ZADD', KEYS[i], now + tonumber(ARGV[2]), ARGV[1])
    redis.call('PEXPIRE', KEYS[i], ARGV[2])
  end
end
return 0
`;

/**
 * Appends ARGV[1] to the list KEYS[1] unless it holds ARGV[2] items already (answers -1); a new list expires after
 * ARGV[3] ms, and appending does not extend it. Answers the new length.
 */
export const APPEND_BOUNDED = `
if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
local length = redis.call('RPUSH', KEYS[1], ARGV[1])
if length == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return length
`;
