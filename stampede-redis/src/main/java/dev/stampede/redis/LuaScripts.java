package dev.stampede.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs Lua scripts by their SHA, loading each once, and by their text where the node that owns the keys has not got it
 * (a restart, a flush, another node of a Redis Cluster). On a Redis Cluster every script's keys must share one hash
 * slot (a hash tag): Redis refuses a script across slots ({@code CROSSSLOT}).
 */
final class LuaScripts {

    private final RedisClusterCommands<String, String> redis;
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    LuaScripts(RedisClusterCommands<String, String> redis) {
        this.redis = redis;
    }

    @SuppressWarnings("unchecked")
    <T> T run(String script, ScriptOutputType type, List<String> keys, String... args) {
        String[] keyArray = keys.toArray(String[]::new);
        String sha = shas.computeIfAbsent(script, redis::scriptLoad);
        try {
            return (T) redis.evalsha(sha, type, keyArray, args);
        } catch (RedisNoScriptException e) {
            // This node has not got it (restarted, flushed, or a replica promoted on a Redis Cluster, whose script
            // cache is its own): EVAL runs it on the node that owns the keys, and leaves it cached there.
            return (T) redis.eval(script, type, keyArray, args);
        }
    }
}
