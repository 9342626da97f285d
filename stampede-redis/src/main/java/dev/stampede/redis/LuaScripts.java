package dev.stampede.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs Lua scripts by their SHA, loading each once and again if the server has forgotten it (a restart, a flush). */
final class LuaScripts {

    private final RedisCommands<String, String> redis;
    private final Map<String, String> shas = new ConcurrentHashMap<>();

    LuaScripts(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    @SuppressWarnings("unchecked")
    <T> T run(String script, ScriptOutputType type, List<String> keys, String... args) {
        String[] keyArray = keys.toArray(String[]::new);
        String sha = shas.computeIfAbsent(script, redis::scriptLoad);
        try {
            return (T) redis.evalsha(sha, type, keyArray, args);
        } catch (RedisNoScriptException e) {
            shas.put(script, redis.scriptLoad(script));
            return (T) redis.evalsha(shas.get(script), type, keyArray, args);
        }
    }
}
